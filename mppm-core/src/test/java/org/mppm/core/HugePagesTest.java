package org.mppm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link HugePages} in fresh JVMs (the variable only counts before the engine's first tensor): the
 * engine's large tensors really land on huge pages after {@link HugePages#enable()}, not when it
 * comes too late, and the environment's own setting wins.
 */
class HugePagesTest {
    private static final long HUGE_PAGE_KB = 2048;

    /** Child JVM: {@code enable} before the engine starts or {@code late} (after a tensor), then a 64 MiB tensor; prints what happened. */
    public static void main(String[] args) throws IOException {
        List<String> out = new ArrayList<>();
        boolean late = args[0].equals("late");
        if (!late) {
            out.add("status " + HugePages.enable());
        }
        try (NDManager nd = NDManager.newBaseManager()) {
            if (late) {
                nd.ones(new Shape(4)).sum().getFloat();
                out.add("status " + HugePages.enable());
            }
            long before = anonHugePagesKb();
            NDArray big = nd.ones(new Shape(16, 1024, 1024));
            out.add("sum " + (long) big.sum().getFloat());
            out.add("hugeKb " + (anonHugePagesKb() - before));
            out.add("requested " + HugePages.requested());
            out.add("again " + HugePages.enable());
        }
        System.out.println(String.join("\n", out));
    }

    private static long anonHugePagesKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps_rollup"))) {
            if (line.startsWith("AnonHugePages:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no AnonHugePages in /proc/self/smaps_rollup");
    }

    private static Map<String, String> child(String mode, String variable) throws IOException, InterruptedException {
        Map<String, String> fields = ChildJvm.run(HugePagesTest.class, List.of("THP_MEM_ALLOC_ENABLE"),
                variable == null ? Map.of() : Map.of("THP_MEM_ALLOC_ENABLE", variable), mode);
        assertEquals(String.valueOf(16L * 1024 * 1024), fields.get("sum"), fields::toString);
        return fields;
    }

    @Test
    void enabledFirstPutsLargeTensorsOnHugePages() throws Exception {
        assumeTrue(NativeLibrary.loaded(), NativeLibrary.status());
        assumeTrue(HugePages.kernelOffersHugePages(), "the kernel's transparent huge pages are off");
        Map<String, String> first = child("enable", null);
        assertEquals("ENABLED", first.get("status"));
        assertEquals("true", first.get("requested"));
        assertEquals("ALREADY_SET", first.get("again"));
        assertTrue(Long.parseLong(first.get("hugeKb")) >= HUGE_PAGE_KB, "a 64 MiB tensor on huge pages: " + first);
    }

    @Test
    void tooLateOrAlreadySetChangesNothing() throws Exception {
        assumeTrue(NativeLibrary.loaded(), NativeLibrary.status());
        assumeTrue(HugePages.kernelOffersHugePages(), "the kernel's transparent huge pages are off");
        boolean madviseOnly = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")).contains("[madvise]");
        Map<String, String> late = child("late", null);
        assertEquals("TOO_LATE", late.get("status"));
        assertEquals("false", late.get("requested"));
        Map<String, String> refused = child("enable", "0");
        assertEquals("ALREADY_SET", refused.get("status"));
        assertEquals("false", refused.get("requested"));
        if (madviseOnly) {
            // only the engine's madvise asks for huge pages here: without the variable there are none
            assertTrue(Long.parseLong(late.get("hugeKb")) < HUGE_PAGE_KB, "too late: " + late);
            assertTrue(Long.parseLong(refused.get("hugeKb")) < HUGE_PAGE_KB, "refused: " + refused);
        }
    }
}
