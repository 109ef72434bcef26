package org.mppm.samplers.mppm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.mppm.core.Projection;
import org.mppm.core.SeededNoise;
import org.mppm.core.geometry.Frames;
import org.mppm.core.geometry.Sphere;

/** The authors' options for Algorithm 2: the ramped step sizes and the per-coordinate kernel mean. */
class AuthorsVariantsTest {
    private static final Sphere CIRCLE = new Sphere(new double[2], 1, Frames.standard(2, 2));

    @Property(tries = 50)
    void rampWeightsSumToTheScaleAndEndAtOne(@ForAll @IntRange(min = 1, max = 30) int steps,
            @ForAll @DoubleRange(min = 0.05, max = 0.95) double lamStart, @ForAll @DoubleRange(min = 0.05, max = 0.95) double lamEnd) {
        StepRamp ramp = new StepRamp(steps, lamStart, lamEnd);
        for (int n = 1; n <= steps; n++) {
            assertEquals((double) n / steps, ramp.alpha(n) + ramp.beta(n), 1e-12);
            assertTrue(ramp.alpha(n) > 0 && ramp.beta(n) > 0);
        }
        assertEquals(lamEnd, ramp.lam(steps), 1e-12);
        assertEquals(steps == 1 ? lamEnd : lamStart, ramp.lam(1), 1e-12);
    }

    /** The ramped flow equals the authors' update written out by hand, step by step. */
    @Test
    void rampedFlowIsTheAuthorsUpdate() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray codes = SeededNoise.normal(nd, new Shape(40, 2), DataType.FLOAT64, 3);
            NDArray z0 = nd.create(new double[][] {{2, 0.5}, {-0.3, 0.1}, {0.2, -3}});
            StepRamp ramp = new StepRamp(5, 0.3, 0.9);
            try (CoordinateKernelMean mean = new CoordinateKernelMean(codes, 1, 16, 7);
                    Projection p = MppmProjector.builder().distance(CIRCLE).pullTowards(mean).ramp(ramp).build().project(z0)) {
                NDArray z = z0.duplicate();
                for (int n = 1; n <= 5; n++) {
                    NDArray d = CIRCLE.distance(z).expandDims(1);
                    NDArray g = CIRCLE.gradient(z);
                    NDArray shift = g.div(g.norm(new int[] {1}, true)).mul(d);
                    NDArray update = shift.mul(ramp.lam(n)).add(z.sub(mean.target(z)).mul(1 - ramp.lam(n)));
                    z = z.sub(update.mul(ramp.scale(n)));
                }
                assertEquals(0, p.result().sub(z).abs().max().getDouble(), 1e-12);
                assertEquals(5, p.iterations()[0]);
            }
        }
    }

    @Test
    void coordinateMeanIsTheCoordinatewiseSoftmaxAndStaysInTheBox() {
        double[][] s = {{0, 1}, {2, -1}, {4, 3}};
        try (NDManager nd = NDManager.newBaseManager();
                CoordinateKernelMean mean = new CoordinateKernelMean(nd.create(s), 0.7, 128, 1)) {
            double[][] z = {{1, 0}, {10, -10}, {-2, 2.5}};
            double[] got = mean.target(nd.create(z)).toDoubleArray();
            for (int b = 0; b < 3; b++) {
                for (int i = 0; i < 2; i++) {
                    double num = 0;
                    double den = 0;
                    for (double[] code : s) {
                        double w = Math.exp(-Math.abs(z[b][i] - code[i]) / 0.7);
                        num += w * code[i];
                        den += w;
                    }
                    assertEquals(num / den, got[b * 2 + i], 1e-12, "z-bar[" + b + "][" + i + "]");
                }
            }
        }
    }

    @Test
    void coordinateMeanBatchIsSeededAndValidated() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray codes = SeededNoise.normal(nd, new Shape(300, 4), DataType.FLOAT32, 2);
            try (CoordinateKernelMean a = new CoordinateKernelMean(codes, 1, 128, 5);
                    CoordinateKernelMean b = new CoordinateKernelMean(codes, 1, 128, 5);
                    CoordinateKernelMean c = new CoordinateKernelMean(codes, 1, 128, 6)) {
                assertEquals(new Shape(128, 4), a.batch().getShape());
                assertEquals(0, a.batch().sub(b.batch()).abs().max().getFloat());
                assertTrue(a.batch().sub(c.batch()).abs().max().getFloat() > 0);
            }
            assertThrows(IllegalArgumentException.class, () -> new CoordinateKernelMean(codes, 0, 128, 1));
            assertThrows(IllegalArgumentException.class, () -> new CoordinateKernelMean(codes, 1, 0, 1));
            try (CoordinateKernelMean all = new CoordinateKernelMean(codes, 1, 128, 1)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> all.target(nd.zeros(new Shape(2, 3))));
                assertTrue(e.getMessage().contains("z"), e.getMessage());
            }
        }
    }

    @Test
    void aRampNeedsAPullTarget() {
        assertThrows(IllegalStateException.class,
                () -> MppmProjector.builder().distance(CIRCLE).ramp(StepRamp.authorsRestoration()).build());
        assertThrows(IllegalArgumentException.class, () -> new StepRamp(8, 0, 0.9));
    }
}
