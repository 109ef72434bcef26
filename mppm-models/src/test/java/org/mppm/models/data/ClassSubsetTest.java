package org.mppm.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClassSubsetTest {
    /** Eight 1 x 1 images whose pixel is their index; labels alternate 0, 1. */
    private static LabelledImages split(int n, int offset) {
        byte[] pixels = new byte[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            pixels[i] = (byte) (offset + i);
            labels[i] = i % 2;
        }
        return new LabelledImages(pixels, labels, 1, 1);
    }

    @Test
    void drawsSeededMembersAndKeepsTheRestUnseen() {
        LabelledImages train = split(8, 0);
        LabelledImages test = split(4, 100);
        ClassSubset subset = ClassSubset.of(train, test, 1, 2, 7);
        assertEquals(2, subset.count());
        assertEquals(4 + 2, subset.classSize());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray classTrain = subset.trainRows(m.create(new float[] {0, 1, 2, 3, 4, 5, 6, 7}));
            assertArrayEquals(new float[] {1, 3, 5, 7}, classTrain.toFloatArray());
            NDArray classTest = subset.testRows(m.create(new float[] {100, 101, 102, 103}));
            assertArrayEquals(new float[] {101, 103}, classTest.toFloatArray());
            float[] chosen = subset.chosenRows(classTrain).toFloatArray();
            float[] unseen = subset.unseenRows(classTrain.concat(classTest)).toFloatArray();
            assertEquals(2, chosen.length);
            assertEquals(4, unseen.length);
            float[] all = new float[6];
            System.arraycopy(chosen, 0, all, 0, 2);
            System.arraycopy(unseen, 0, all, 2, 4);
            Arrays.sort(all);
            assertArrayEquals(new float[] {1, 3, 5, 7, 101, 103}, all, "drawn and unseen partition the class");
            assertArrayEquals(chosen, ClassSubset.of(train, test, 1, 2, 7).chosenRows(classTrain).toFloatArray(), "seeded");
        }
        assertThrows(IllegalArgumentException.class, () -> ClassSubset.of(train, test, 1, 4, 7), "needs fewer than the class");
    }
}
