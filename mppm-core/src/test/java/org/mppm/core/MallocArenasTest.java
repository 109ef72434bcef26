package org.mppm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link MallocArenas#count()} in fresh JVMs, with and without {@code MALLOC_ARENA_MAX=1} (glibc
 * reads it once, when the process starts): the count is the real one, one arena under the cap and
 * several without it, however many threads then allocate tensors.
 */
class MallocArenasTest {
    private static final int THREADS = 6;

    /** Child JVM: the arenas at {@code main}, then after {@value #THREADS} threads allocated and freed tensors. */
    public static void main(String[] args) throws InterruptedException {
        System.out.println("start " + MallocArenas.count());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Thread thread = new Thread(() -> {
                try (NDManager nd = NDManager.newBaseManager()) {
                    nd.ones(new Shape(256, 1024)).sum().getFloat();
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println("after " + MallocArenas.count());
    }

    @Test
    void oneArenaUnderTheCapSeveralWithout() throws Exception {
        assumeTrue(NativeLibrary.loaded(), NativeLibrary.status());
        List<String> caps = List.of("MALLOC_ARENA_MAX", "GLIBC_TUNABLES");
        Map<String, String> capped = ChildJvm.run(MallocArenasTest.class, caps, Map.of("MALLOC_ARENA_MAX", "1"));
        assertEquals("1", capped.get("start"), capped::toString);
        assertEquals("1", capped.get("after"), capped::toString);
        Map<String, String> free = ChildJvm.run(MallocArenasTest.class, caps, Map.of());
        assertTrue(Integer.parseInt(free.get("after")) > 1, () -> "glibc's default gives threads arenas of their own: " + free);
    }

    @Test
    void countIsKnownHere() {
        assumeTrue(NativeLibrary.loaded(), NativeLibrary.status());
        assertTrue(MallocArenas.count() >= 1, "this JVM's arenas: " + MallocArenas.count());
    }
}
