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
 * <p>Run with {@code -Dgolden.write=true} to (re)write the file into {@code src/test/resources/golden}
 * from what the code computes now instead of comparing; do that only when a change of the numbers
 * is intended, and say so in the commit.
 */
public final class GoldenVectors {
    private static final boolean WRITE = Boolean.getBoolean("golden.write");

    private final String file;
    private final Map<String, String> stored = new TreeMap<>();
    private final Map<String, String> computed = new TreeMap<>();

    private GoldenVectors(String file) {
        this.file = file;
    }

    /** The vectors of {@code golden/file} (none yet in write mode). */
    public static GoldenVectors load(String file) {
        GoldenVectors g = new GoldenVectors(file);
        if (WRITE) {
            return g;
        }
        try (InputStream in = GoldenVectors.class.getResourceAsStream("/golden/" + file)) {
            assertNotNull(in, "no golden/" + file + " on the test classpath: write it with -Dgolden.write=true");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int space = line.indexOf(' ');
                g.stored.put(line.substring(0, space), line.substring(space + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            assertEquals(describe(expected), describe(line), name + " differs from golden/" + file);
            assertEquals(expected, line, name + " differs from golden/" + file);
        }
    }

    /** Writes the recorded vectors in write mode (call once after all checks, e.g. in an AfterAll). */
    public void save() {
        if (!WRITE) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add("# golden vectors: name TYPE shape raw-bits... (see GoldenVectors); rewrite only on purpose");
        computed.forEach((name, line) -> lines.add(name + " " + line));
        Path out = Path.of("src", "test", "resources", "golden", file);
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
