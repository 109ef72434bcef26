package org.mppm.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Transparent huge pages for the engine's large CPU tensors. libtorch's CPU allocator backs every
 * tensor of 2 MiB or more with transparent huge pages when the environment variable
 * {@code THP_MEM_ALLOC_ENABLE} is 1; it reads the variable once, at its first allocation. Without
 * it, tensors larger than glibc's mmap threshold get fresh memory from the kernel at every
 * allocation, faulted in 4 KiB at a time, which costs training much system CPU time
 * (docs/results/throughput.md). Results are the same to the bit either way.
 *
 * <p>{@link #enable()} sets the variable for this process, and must run before the engine's first
 * tensor. It changes the whole process, so the application decides: the {@code mppm} command line
 * calls it at start; the library never does on its own. Setting the variable before the JVM starts
 * ({@code THP_MEM_ALLOC_ENABLE=1 java ...}) has the same effect. Linux only, and only where the
 * kernel offers transparent huge pages ({@code /sys/kernel/mm/transparent_hugepage/enabled} is
 * {@code always} or {@code madvise}).
 */
public final class HugePages {
    private static final String VARIABLE = "THP_MEM_ALLOC_ENABLE";
    private static final Path THP_MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    private static final Path MAPS = Path.of("/proc/self/maps");

    /** What {@link #enable()} did. */
    public enum Status {
        /** The variable is set now: the engine's large tensors will use huge pages. */
        ENABLED,
        /** The environment already had the variable; left as it is (the user's choice). */
        ALREADY_SET,
        /** The engine has started (its library is loaded) and may have read the environment: nothing changed. */
        TOO_LATE,
        /** No native library, no Linux, or the kernel's transparent huge pages are off: nothing changed. */
        UNAVAILABLE
    }

    private HugePages() {}

    /**
     * Asks the engine to back its tensors of 2 MiB and more with transparent huge pages, unless the
     * environment already says otherwise. Call it first thing, before the engine starts (before the
     * first {@code NDManager} or {@code Engine.getInstance()}); it never throws for an unsupported
     * platform (see {@link Status}).
     */
    public static synchronized Status enable() {
        if (!NativeLibrary.loaded() || !kernelOffersHugePages()) {
            return Status.UNAVAILABLE;
        }
        if (torchVariable() != null) {
            return Status.ALREADY_SET;
        }
        if (engineLoaded()) {
            return Status.TOO_LATE;
        }
        return switch (setTorchVariable()) {
            case 0 -> Status.ENABLED;
            case 1 -> Status.ALREADY_SET;
            default -> Status.UNAVAILABLE;
        };
    }

    /**
     * Whether the process environment asks libtorch for huge pages ({@code THP_MEM_ALLOC_ENABLE=1}),
     * set before the JVM started or by {@link #enable()}.
     */
    public static boolean requested() {
        String value = NativeLibrary.loaded() ? torchVariable() : System.getenv(VARIABLE);
        return "1".equals(value);
    }

    /** Whether the kernel's transparent huge pages are {@code always} or {@code madvise} (not {@code never}). */
    static boolean kernelOffersHugePages() {
        try {
            String mode = Files.readString(THP_MODE);
            return mode.contains("[always]") || mode.contains("[madvise]");
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** Whether libtorch's c10 library may be mapped into this process (true when the maps cannot be read). */
    static boolean engineLoaded() {
        try (Stream<String> lines = Files.lines(MAPS)) {
            return lines.anyMatch(line -> line.contains("/libc10.so") || line.contains("/libc10-"));
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return true;
        }
    }

    /** The variable as the process environment has it now, or null. */
    private static native String torchVariable();

    /** Sets the variable unless set: 0 set now, 1 already set, -1 failed. */
    private static native int setTorchVariable();
}
