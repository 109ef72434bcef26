package org.mppm.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShapeImagesTest {
    private static final ShapeImages.Corruption MILD = new ShapeImages.Corruption(3, 0.6, 1.5, 0.1);

    @Test
    void shapesAreRotatedAndCorruptionIsSeeded() {
        ShapeImages shapes = new ShapeImages(32);
        double[] square = shapes.clean(0, 0);
        double[] turned = shapes.clean(0, Math.PI / 2);
        double[] tilted = shapes.clean(0, Math.PI / 4);
        double diff = 0;
        double tiltDiff = 0;
        for (int i = 0; i < square.length; i++) {
            assertTrue(square[i] >= 0 && square[i] <= 1);
            diff = Math.max(diff, Math.abs(square[i] - turned[i]));
            tiltDiff = Math.max(tiltDiff, Math.abs(square[i] - tilted[i]));
        }
        assertTrue(diff < 0.05, "a square turned by 90 degrees is the same square, max diff " + diff);
        assertTrue(tiltDiff > 0.5, "turned by 45 degrees it is not");
        double[] a = shapes.corrupted(1, 0.3, 3, 0.6, 1.5, 0.1, new SplittableRandom(2));
        double[] b = shapes.corrupted(1, 0.3, 3, 0.6, 1.5, 0.1, new SplittableRandom(2));
        assertArrayEquals(a, b, 0);
        double[] bumpsOnly = shapes.corrupted(1, 0.3, 3, 0.6, 1.5, 0, new SplittableRandom(2));
        double[] clean = shapes.clean(1, 0.3);
        double removed = 0;
        for (int i = 0; i < clean.length; i++) {
            assertTrue(bumpsOnly[i] <= clean[i] + 1e-12, "bumps only subtract");
            removed += clean[i] - bumpsOnly[i];
        }
        assertTrue(removed > 1, "bumps remove mass, got " + removed);
    }

    @Test
    void theDataSetIsSeededAndItsFirstImagesDoNotDependOnItsSize() {
        ShapeImages shapes = new ShapeImages(16);
        double[] set = shapes.corruptedSet(10, MILD, 7);
        assertEquals(10 * 16 * 16, set.length);
        assertArrayEquals(set, shapes.corruptedSet(10, MILD, 7), 0, "same seed, same images");
        assertFalse(Arrays.equals(set, shapes.corruptedSet(10, MILD, 8)), "another seed, other images");
        assertArrayEquals(Arrays.copyOf(set, 4 * 256), shapes.corruptedSet(4, MILD, 7), 0, "a prefix of the stream");
        // image 0 is a corrupted shape drawn from the stream's first values, as a caller drawing by hand would get
        SplittableRandom r = new SplittableRandom(7);
        double[] first = shapes.corrupted(r.nextInt(ShapeImages.SHAPES), 2 * Math.PI * r.nextDouble(), 3, 0.6, 1.5, 0.1, r);
        assertArrayEquals(first, Arrays.copyOf(set, 256), 0);
    }

    @Test
    void referencesAreEveryShapeAtEveryAngleAndTheirOwnNearestNeighbours() {
        ShapeImages shapes = new ShapeImages(16);
        double[][] reference = shapes.references(36);
        assertEquals(3 * 36, reference.length);
        assertArrayEquals(shapes.clean(2, Math.toRadians(10)), reference[2 * 36 + 1], 0);
        double[] flat = new double[2 * 256];
        System.arraycopy(reference[5], 0, flat, 0, 256);
        System.arraycopy(reference[77], 0, flat, 256, 256);
        assertEquals(0, ShapeImages.meanNearestDistance(flat, reference, 256), 0);
        double[] corrupted = shapes.corruptedSet(5, MILD, 1);
        assertTrue(ShapeImages.meanNearestDistance(corrupted, reference, 256) > 0.1);
    }

    @Test
    void meanDistanceIsToTheNearestReference() {
        double[][] reference = {{0, 0}, {3, 4}};
        assertEquals((1 + 0) / 2.0, ShapeImages.meanNearestDistance(new double[] {0, 1, 3, 4}, reference, 2), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ShapeImages.meanNearestDistance(new double[] {0, 1, 3}, reference, 2));
    }

    @Test
    void asImagesIsABatchOfOneChannelImages() {
        ShapeImages shapes = new ShapeImages(8);
        double[] set = shapes.corruptedSet(3, MILD, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = shapes.asImages(m, set, 2);
            assertEquals(new Shape(2, 1, 8, 8), x.getShape());
            assertEquals((float) set[70], x.get(1, 0, 0, 6).getFloat(), 0);
        }
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ShapeImages(4)).getMessage().contains("size"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ShapeImages.Corruption(1, 1, 0, 0.1)).getMessage()
                .contains("width"));
        assertThrows(IllegalArgumentException.class, () -> new ShapeImages(8).references(0));
    }
}
