package org.mppm.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * mppm-core's native library, {@code libmppm-kernels} (built from {@code src/main/c} for Linux
 * x86-64), loaded once per class loader on first use. Its users ({@link HugePages} and the native
 * kernel mean of {@code GaussianKernelDensity}) call {@link #loaded()} before their native methods and
 * fall back to Java or the engine's operations where it is false.
 */
public final class NativeLibrary {
    private static final String RESOURCE = "native/linux-x86_64/libmppm-kernels.so";
    private static final String STATUS = load();

    private NativeLibrary() {}

    /** Whether the library is loaded in this process. */
    public static boolean loaded() {
        return STATUS.equals("loaded");
    }

    /** {@code loaded}, or why the library is not (for reports and error messages). */
    public static String status() {
        return STATUS;
    }

    private static String load() {
        if (!Boolean.parseBoolean(System.getProperty("mppm.native", "true"))) {
            return "off (-Dmppm.native=false)";
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return "no native build for " + os + " " + arch;
        }
        try (InputStream in = NativeLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "library not built (mppm-core was built with -Dmppm.native.skip)";
            }
            Path file = Files.createTempFile("mppm-kernels-", ".so");
            try {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                System.load(file.toAbsolutePath().toString());
            } finally {
                Files.deleteIfExists(file); // the loaded library stays mapped; nothing is left behind
            }
        } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
            return "library failed to load: " + e.getMessage();
        }
        return "loaded";
    }
}
