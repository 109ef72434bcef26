package org.mppm.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stored outputs, compared bit for bit: a resource {@code golden/NAME} of lines
 * {@code name TYPE d0,d1,... hex hex ...} (the raw IEEE bits of each float or double in hex, ints in decimal).
 *
 * <p>The bits depend on the numeric platform: the engine's matrix kernels differ with the CPU's
 * vendor and vector instructions ({@link #platform()}, e.g. {@code AuthenticAMD-avx2},
 * {@code GenuineIntel-avx512}). A file's first line {@code # platform: P} names the platform it was
 * written on, and a platform may have a file of its own, {@code golden/NAME@P.txt}, which is then
 * preferred. On the file's own platform every bit is compared. On another, floats are compared to
 * a relative {@value #FLOAT64_TOLERANCE} (float64) or {@value #FLOAT32_TOLERANCE} (float32), ints
 * exactly, and digests (which cannot be compared within a tolerance) are skipped.
 *
 * <p>Run with {@code -Dgolden.write=true} to (re)write this platform's file
 * {@code src/test/resources/golden/NAME@P.txt} from what the code computes now instead of
 * comparing; do that only when a change of the numbers is intended, and say so in the commit (the
 * other platforms' files then need rewriting on their machines, or deleting).
 */
public final class GoldenVectors {
    private static final boolean WRITE = Boolean.getBoolean("golden.write");
    private static final String PLATFORM_LINE = "# platform: ";
    static final double FLOAT64_TOLERANCE = 1e-9;
    static final double FLOAT32_TOLERANCE = 1e-3;
    private static final String PLATFORM = platform();

    private final String file;
    private final Map<String, String> stored = new TreeMap<>();
    private final Map<String, String> computed = new TreeMap<>();
    private boolean exact = true;

    private GoldenVectors(String file) {
        this.file = file;
    }

    /** This machine's numeric platform: {@code VENDOR-ISA}, ISA the widest of avx512, avx2, generic. */
    static String platform() {
        String vendor = "unknown";
        String isa = "generic";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("vendor_id")) {
                    vendor = line.substring(line.indexOf(':') + 1).trim();
                } else if (line.startsWith("flags")) {
                    List<String> flags = Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split(" "));
                    isa = flags.contains("avx512f") ? "avx512" : flags.contains("avx2") ? "avx2" : "generic";
                    break;
                }
            }
        } catch (IOException e) {
            // no /proc/cpuinfo: not Linux; the platform stays unknown-generic
        }
        return vendor + "-" + isa;
    }

    /** This platform's file name for {@code file}: {@code NAME@PLATFORM.txt}. */
    private static String platformFile(String file) {
        int dot = file.lastIndexOf('.');
        return file.substring(0, dot) + "@" + PLATFORM + file.substring(dot);
    }

    /** The vectors of {@code golden/file}, or of this platform's own file (none yet in write mode). */
    public static GoldenVectors load(String file) {
        GoldenVectors g = new GoldenVectors(file);
        if (WRITE) {
            return g;
        }
        InputStream in = GoldenVectors.class.getResourceAsStream("/golden/" + platformFile(file));
        if (in == null) {
            in = GoldenVectors.class.getResourceAsStream("/golden/" + file);
        }
        assertNotNull(in, "no golden/" + file + " on the test classpath: write it with -Dgolden.write=true");
        String written = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith(PLATFORM_LINE)) {
                    written = line.substring(PLATFORM_LINE.length()).trim();
                }
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int space = line.indexOf(' ');
                g.stored.put(line.substring(0, space), line.substring(space + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        g.exact = PLATFORM.equals(written);
        return g;
    }

    /** Compares (or records) {@code x}: type, shape and every bit. */
    public void check(String name, NDArray x) {
        StringBuilder sb = new StringBuilder();
        DataType type = x.getDataType();
        sb.append(type.name()).append(' ').append(shape(x.getShape().getShape()));
        switch (type) {
            case FLOAT32 -> {
                for (float v : x.toFloatArray()) {
                    sb.append(' ').append(Integer.toHexString(Float.floatToRawIntBits(v)));
                }
            }
            case FLOAT64 -> {
                for (double v : x.toDoubleArray()) {
                    sb.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(v)));
                }
            }
            case INT32 -> {
                for (int v : x.toIntArray()) {
                    sb.append(' ').append(v);
                }
            }
            default -> throw new IllegalArgumentException("no golden format for " + type);
        }
        compare(name, sb.toString());
    }

    /** Compares (or records) the SHA-256 of {@code x}'s type, shape and bits, for outputs too large to store. */
    public void checkDigest(String name, NDArray x) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update((x.getDataType() + " " + x.getShape()).getBytes(StandardCharsets.UTF_8));
            sha.update(x.toByteArray());
            compare(name, "SHA256 " + x.getShape().size() + " " + java.util.HexFormat.of().formatHex(sha.digest()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares (or records) host ints, e.g. per-sample iteration counts. */
    public void check(String name, int[] values) {
        StringBuilder sb = new StringBuilder("INTS ").append(values.length);
        for (int v : values) {
            sb.append(' ').append(v);
        }
        compare(name, sb.toString());
    }

    /** Compares (or records) host doubles. */
    public void check(String name, double[] values) {
        StringBuilder sb = new StringBuilder("DOUBLES ").append(values.length);
        for (double v : values) {
            sb.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(v)));
        }
        compare(name, sb.toString());
    }

    private void compare(String name, String line) {
        if (name.contains(" ")) {
            throw new IllegalArgumentException("a golden name has no spaces: " + name);
        }
        if (WRITE) {
            computed.put(name, line);
            return;
        }
        String expected = stored.get(name);
        assertNotNull(expected, "no golden vector " + name + " in golden/" + file);
        if (!expected.equals(line)) {
            if (!exact) {
                assertClose(name, expected, line);
                return;
            }
            assertEquals(describe(expected), describe(line), name + " differs from golden/" + file);
            assertEquals(expected, line, name + " differs from golden/" + file);
        }
    }

    /** Another platform's vector: type and shape equal, floats within the tolerance, ints equal, digests skipped. */
    private void assertClose(String name, String expected, String line) {
        String[] want = expected.split(" ");
        String[] got = line.split(" ");
        String where = name + " differs from golden/" + file + " (written on another platform than " + PLATFORM + ")";
        if (want[0].equals("SHA256")) {
            return;
        }
        assertEquals(want[0] + " " + want[1] + " " + want.length, got[0] + " " + got[1] + " " + got.length, where);
        double tolerance = want[0].equals("FLOAT32") ? FLOAT32_TOLERANCE : FLOAT64_TOLERANCE;
        boolean floats = want[0].startsWith("FLOAT") || want[0].equals("DOUBLES");
        for (int i = 2; i < want.length; i++) {
            if (!floats) {
                assertEquals(want[i], got[i], where + " at " + (i - 2));
                continue;
            }
            double a = value(want[0], want[i]);
            double b = value(want[0], got[i]);
            if (!(Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a))) && !(Double.isNaN(a) && Double.isNaN(b))) {
                assertEquals(describe(expected), describe(line), where + " at " + (i - 2) + " beyond " + tolerance);
            }
        }
    }

    private static double value(String type, String bits) {
        return type.equals("FLOAT32") ? Float.intBitsToFloat(Integer.parseUnsignedInt(bits, 16))
                : Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
    }

    /** Writes the recorded vectors in write mode (call once after all checks, e.g. in an AfterAll). */
    public void save() {
        if (!WRITE) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(PLATFORM_LINE + PLATFORM);
        lines.add("# golden vectors: name TYPE shape raw-bits... (see GoldenVectors); rewrite only on purpose");
        computed.forEach((name, line) -> lines.add(name + " " + line));
        Path out = Path.of("src", "test", "resources", "golden", platformFile(file));
        try {
            Files.createDirectories(out.getParent());
            Files.write(out, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The line with the bits decoded, so a failure shows numbers. */
    private static String describe(String line) {
        String[] parts = line.split(" ");
        StringBuilder sb = new StringBuilder(parts[0]).append(' ').append(parts[1]);
        for (int i = 2; i < parts.length; i++) {
            sb.append(' ');
            switch (parts[0]) {
                case "FLOAT32" -> sb.append(Float.intBitsToFloat(Integer.parseUnsignedInt(parts[i], 16)));
                case "SHA256" -> sb.append(parts[i]);
                case "FLOAT64", "DOUBLES" -> sb.append(Double.longBitsToDouble(Long.parseUnsignedLong(parts[i], 16)));
                default -> sb.append(parts[i]);
            }
        }
        return sb.toString();
    }

    private static String shape(long[] dims) {
        return dims.length == 0 ? "scalar" : Arrays.stream(dims).mapToObj(Long::toString).reduce((a, b) -> a + "," + b).get();
    }
}
