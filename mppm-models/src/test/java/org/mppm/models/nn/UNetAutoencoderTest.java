package org.mppm.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mppm.core.LatentEncoding;

class UNetAutoencoderTest {

    static UNetAutoencoder initialised(NDManager nd, int c, int s, int latent, int... widths) {
        UNetAutoencoder ae = new UNetAutoencoder(c, s, latent, widths);
        ae.initialize(nd, DataType.FLOAT32, new Shape(1, c, s, s));
        return ae;
    }

    @ParameterizedTest
    @CsvSource({"1, 16, 8, '4,8'", "3, 24, 16, '4,8,8'", "3, 32, 32, '8,8,16,16'", "3, 40, 16, '4,8,8'",
            "3, 120, 32, '4,8,8,8'"})
    void encoderSkipsAndDecoderHaveTheTable8Shapes(int c, int s, int latent, String widthList) {
        int[] widths = java.util.Arrays.stream(widthList.split(",")).mapToInt(Integer::parseInt).toArray();
        try (NDManager nd = NDManager.newBaseManager()) {
            UNetAutoencoder ae = initialised(nd, c, s, latent, widths);
            NDArray x = ColourRamps.of(nd, 2, c, s, 1);
            Encoded e = ae.encodeWithSkips(Stores.direct(), x, false);
            assertEquals(new Shape(2, latent), e.code().getShape());
            assertEquals(widths.length, e.skips().size());
            int side = s;
            for (int i = 0; i < widths.length; i++) {
                assertEquals(new Shape(2, widths[i], side, side), e.skips().get(i).getShape(), "skip " + (i + 1));
                side /= 2;
            }
            List<Shape> shapes = ae.skipShapes();
            NDList projected = ae.skipProjections(Stores.direct(), e.code());
            for (int i = 0; i < widths.length; i++) {
                assertEquals(new Shape(2).addAll(shapes.get(i)), projected.get(i).getShape());
            }
            NDArray y = ae.decode(Stores.direct(), e.code(), e.skips(), false);
            assertEquals(x.getShape(), y.getShape());
            assertTrue(y.min().getFloat() > 0 && y.max().getFloat() < 1, "sigmoid output");
            assertEquals(x.getShape(), ae.decode(Stores.direct(), e.code(), false).getShape());
            assertTrue(ae.reconstruct(Stores.direct(), x, false).contentEquals(y));
        }
    }

    @ParameterizedTest
    @CsvSource({"0", "1", "2"})
    void fewerSkipLevelsKeepOnlyTheInnermostSkips(int levels) {
        try (NDManager nd = NDManager.newBaseManager()) {
            UNetAutoencoder ae = (UNetAutoencoder) AutoencoderSpec.unetWithSkipLevels(3, 16, 8, levels, 4, 8).create();
            ae.initialize(nd, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            NDArray x = ColourRamps.of(nd, 2, 3, 16, 4);
            Encoded e = ae.encodeWithSkips(Stores.direct(), x, false);
            assertEquals(levels, e.skips().size());
            List<Shape> all = List.of(new Shape(4, 16, 16), new Shape(8, 8, 8));
            assertEquals(all.subList(2 - levels, 2), ae.skipShapes());
            for (int i = 0; i < levels; i++) {
                assertEquals(new Shape(2).addAll(all.get(2 - levels + i)), e.skips().get(i).getShape());
            }
            NDArray y = ae.decode(Stores.direct(), e.code(), e.skips(), false);
            assertEquals(x.getShape(), y.getShape());
            if (levels == 0) {
                assertTrue(y.contentEquals(ae.decode(Stores.direct(), e.code(), false)), "no skips: the code alone decides");
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UNetAutoencoder(3, 16, 8, 3, new int[] {4, 8}));
        assertTrue(e.getMessage().contains("skip levels"), e.getMessage());
    }

    @Test
    void table8HasThePapersSkipSidesForA120PixelImage() {
        UNetAutoencoder ae = UNetAutoencoder.table8();
        assertEquals(List.of(new Shape(32, 120, 120), new Shape(64, 60, 60), new Shape(128, 30, 30), new Shape(256, 15, 15)),
                ae.skipShapes());
        assertEquals(1024, ae.latentDimension());
        assertEquals(new Shape(3, 120, 120), ae.sampleShape());
    }

    @Test
    void skipProjectionsChangeTheOutputOnlyThroughTheCode() {
        try (NDManager nd = NDManager.newBaseManager()) {
            UNetAutoencoder ae = initialised(nd, 3, 16, 8, 4, 8);
            NDArray x = ColourRamps.of(nd, 4, 3, 16, 2);
            Encoded e = ae.encodeWithSkips(Stores.direct(), x, false);
            // S-hat(z) of a sample depends on its own code only: batch rows agree with single rows
            NDList all = ae.skipProjections(Stores.direct(), e.code());
            NDList third = ae.skipProjections(Stores.direct(), e.code().get("2:3"));
            for (int i = 0; i < all.size(); i++) {
                assertTrue(all.get(i).get("2:3").sub(third.get(i)).abs().max().getFloat() < 1e-5f);
            }
            // with the skips held fixed, the output moves when z moves, and only then
            NDArray base = ae.decode(Stores.direct(), e.code(), e.skips(), false);
            NDArray again = ae.decode(Stores.direct(), e.code().duplicate(), e.skips(), false);
            assertTrue(base.contentEquals(again));
            NDArray moved = e.code().add(0.5f);
            NDArray shifted = ae.decode(Stores.direct(), moved, e.skips(), false);
            assertTrue(shifted.sub(base).abs().max().getFloat() > 1e-4f, "z steers the output");
            NDList movedProjection = ae.skipProjections(Stores.direct(), moved);
            assertTrue(movedProjection.get(0).sub(all.get(0)).abs().max().getFloat() > 1e-5f, "S-hat follows z");
            // the decoder adds S-hat(z) to the skips: decoding z with skips S - S-hat(z) equals decoding from z alone
            NDList cancelled = new NDList();
            for (int i = 0; i < all.size(); i++) {
                cancelled.add(all.get(i).zerosLike());
            }
            assertTrue(ae.decode(Stores.direct(), e.code(), cancelled, false).sub(ae.decode(Stores.direct(), e.code(), false))
                    .abs().max().getFloat() < 1e-6f);
        }
    }

    @Test
    void theLatentChartKeepsTheSkipsOfItsInput() {
        try (NDManager nd = NDManager.newBaseManager()) {
            UNetAutoencoder ae = initialised(nd, 3, 16, 8, 4, 8);
            LearnedManifold manifold = new LearnedManifold(ae);
            NDArray x = ColourRamps.of(nd, 3, 3, 16, 3);
            try (LatentEncoding encoding = manifold.chartWithContext(x)) {
                NDArray decoded = encoding.decode(encoding.code());
                assertTrue(decoded.sub(manifold.project(x)).abs().max().getFloat() < 1e-6f, "G(F(x)) with x's skips");
                assertFalse(decoded.contentEquals(manifold.embed(encoding.code())), "the code alone decodes differently");
            }
        }
    }

    /** Moving x's skips by the change from x's to y's gives y's skips: enc(x) decodes like enc(y). */
    @Test
    void theContextChangeMovesTheSkips() {
        try (NDManager nd = NDManager.newBaseManager()) {
            UNetAutoencoder ae = initialised(nd, 3, 16, 8, 4, 8);
            LearnedManifold manifold = new LearnedManifold(ae);
            NDArray x = ColourRamps.of(nd, 3, 3, 16, 3);
            NDArray y = x.flip(3);
            try (LatentEncoding ex = manifold.chartWithContext(x); LatentEncoding ey = manifold.chartWithContext(y)) {
                NDArray z = ex.code();
                NDArray moved = ex.decodeWithContextChange(z, ex, ey);
                assertTrue(moved.sub(ey.decode(z)).abs().max().getFloat() < 1e-5f);
                assertTrue(ex.decodeWithContextChange(z, ey, ey).sub(ex.decode(z)).abs().max().getFloat() < 1e-6f);
                assertFalse(moved.contentEquals(ex.decode(z)), "the skips of y differ from those of x");
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> ex.decodeWithContextChange(z, LatentEncoding.of(z, q -> q), ey));
                assertTrue(e.getMessage().contains("two encodings of this manifold"), e.getMessage());
            }
        }
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new UNetAutoencoder(3, 8, 16, 4, 8, 8, 8));
        assertTrue(e.getMessage().contains("too small"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new UNetAutoencoder(3, 32, 16));
        assertTrue(e.getMessage().contains("widths"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AutoencoderSpec.unet(3, 32, 0, 8));
        assertTrue(e.getMessage().contains("unet"), e.getMessage());
        try (NDManager nd = NDManager.newBaseManager()) {
            UNetAutoencoder ae = initialised(nd, 3, 16, 8, 4, 8);
            NDArray wrong = nd.zeros(new Shape(2, 1, 16, 16));
            e = assertThrows(IllegalArgumentException.class, () -> ae.encode(Stores.direct(), wrong, false));
            assertTrue(e.getMessage().contains("[B, 3, 16, 16]"), e.getMessage());
            NDArray z = nd.zeros(new Shape(2, 8));
            e = assertThrows(IllegalArgumentException.class,
                    () -> ae.decode(Stores.direct(), z, new NDList(nd.zeros(new Shape(2, 4, 8, 8))), false));
            assertTrue(e.getMessage().contains("skips"), e.getMessage());
        }
    }
}
