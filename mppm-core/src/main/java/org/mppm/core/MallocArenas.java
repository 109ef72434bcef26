package org.mppm.core;

/**
 * glibc malloc's arenas, where the engine's CPU tensors live. glibc gives each thread that allocates
 * an arena of its own, up to eight per core, and memory freed in one arena is reused only by
 * allocations in it; a JVM on 2 cores has sixteen before {@code main} runs. One arena
 * ({@code MALLOC_ARENA_MAX=1}) lowers the peak resident memory by a quarter to a third here, with the
 * same results (docs/results/throughput.md). glibc fixes the limit once a process has more than
 * eight arenas, so only the environment can set it, before the JVM starts: the {@code mppm}
 * launcher does, and the README tells embedders how. This class only reports the arenas.
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
