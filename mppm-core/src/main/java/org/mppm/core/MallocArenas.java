package org.mppm.core;

/**
 * glibc malloc's arenas, where the engine's CPU tensors live. By default glibc gives each thread
 * that first allocates while the other arenas are busy an arena of its own, up to eight per core,
 * and each arena keeps the memory freed in it for later allocations in the same arena. A JVM has
 * started about sixteen of them on a 2-core machine before {@code main} runs (its compilers,
 * garbage collector and runtime threads), so memory one thread frees is not reused by another
 * thread's tensors, and the process's resident memory grows by the sum of the arenas' peaks. With
 * one arena ({@code MALLOC_ARENA_MAX=1} in the environment when the JVM starts), {@code bench
 * --part lmppm} peaks at about 470 MiB instead of 550 to 650, and the default {@code mnist-restore}
 * at 1.30 GiB instead of 1.87, at the same speed and with the same results
 * (docs/results/throughput.md).
 *
 * <p>glibc fixes the limit when the process has more than eight arenas, which a JVM has before
 * {@code main} runs, so it can only be set before the JVM starts: the {@code mppm} launcher script
 * does so, and the README tells embedders how. This class only reports the arenas (as {@code bench}
 * does on every line).
 */
public final class MallocArenas {
    private MallocArenas() {}

    /**
     * The number of malloc arenas this process has now (glibc's {@code malloc_info} report), or -1
     * where that cannot be known (no native library, or a C library other than glibc).
     */
    public static int count() {
        return NativeLibrary.loaded() ? arenaCount() : -1;
    }

    /** The arenas in malloc_info's report, or -1. */
    private static native int arenaCount();
}
