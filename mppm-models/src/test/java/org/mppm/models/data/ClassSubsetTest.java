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

    @Test
    void encodesTheDrawnTheClassAndTheUnseenRowsInOrder() {
        ClassSubset subset = ClassSubset.of(split(8, 0), split(4, 100), 1, 2, 7);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray trainSplit = m.create(new float[] {0, 1, 2, 3, 4, 5, 6, 7}).reshape(8, 1);
            NDArray testSplit = m.create(new float[] {100, 101, 102, 103}).reshape(4, 1);
            ClassSubset.Encoded e = subset.encode(x -> x.mul(2).concat(x.neg(), 1), trainSplit, testSplit);
            NDArray classTrain = subset.trainRows(trainSplit);
            assertArrayEquals(subset.chosenRows(classTrain).toFloatArray(), e.chosen().toFloatArray());
            assertEquals(new ai.djl.ndarray.types.Shape(2, 2), e.chosenCodes().getShape());
            assertArrayEquals(new float[] {2, -1, 6, -3, 10, -5, 14, -7, 202, -101, 206, -103}, e.classCodes().toFloatArray());
            assertArrayEquals(subset.unseenRows(e.classCodes()).toFloatArray(), e.unseenCodes().toFloatArray());
            assertEquals(new ai.djl.ndarray.types.Shape(4, 2), e.unseenCodes().getShape());
        }
    }
}
