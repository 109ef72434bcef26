package org.mppm.samplers.mppm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mppm.samplers.mppm.CircleFixture.CIRCLE;
import static org.mppm.samplers.mppm.CircleFixture.THETA0;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mppm.core.Projection;
import org.mppm.core.Projector;
import org.mppm.core.density.ManifoldMean;

class MppmProjectorTest {

    @Test
    void eq11WithAlphaOneLandsOnTheClosestPointInOneStep() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = CircleFixture.starts(nd, 20, 0.8, 1);
            Projector eq11 = MppmProjector.builder().distance(CIRCLE).alpha(1).steps(1).build();
            try (Projection p = eq11.project(x)) {
                assertTrue(p.result().sub(CIRCLE.closestPoint(x)).abs().max().getDouble() < 1e-12);
            }
        }
    }

    @Test
    void eq11ConvergesToTheClosestPoint() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = CircleFixture.starts(nd, 50, 0.8, 2);
            Projector eq11 = MppmProjector.builder().distance(CIRCLE).alpha(0.15).tolerance(1e-4, 200).build();
            try (Projection p = eq11.project(x)) {
                assertTrue(CIRCLE.distance(p.result()).max().getDouble() < 1e-3);
                double[] got = CIRCLE.chart(p.result()).toDoubleArray();
                double[] closest = CIRCLE.chart(x).toDoubleArray();
                for (int i = 0; i < got.length; i++) {
                    assertEquals(closest[i], got[i], 1e-9, "Eq. 11 moves along the normal only");
                }
                // geometric decay (1 - alpha)^n of the distance: about log(1e-4 / 0.5) / log(0.85) steps
                assertTrue(p.maxIterations() > 40 && p.maxIterations() < 80, "iterations " + p.maxIterations());
            }
        }
    }

    /** Fig. 4: Eq. 12 ends strictly between the closest point's angle and the data mode theta0. */
    @Test
    void eq12IsPulledTowardsTheModeOfTheData() {
        try (NDManager nd = NDManager.newBaseManager(); ManifoldMean gbar = CircleFixture.manifoldMean(nd, 3)) {
            for (double offset : new double[] {0.8, -0.8}) {
                NDArray x = CircleFixture.starts(nd, 40, offset, 4);
                Projector eq12 = MppmProjector.builder().distance(CIRCLE).pullTowards(gbar::mean)
                        .alpha(0.15).beta(0.1).tolerance(0.005, 60).build();
                try (Projection p = eq12.project(x)) {
                    double[] end = CIRCLE.chart(p.result()).toDoubleArray();
                    double[] closest = CIRCLE.chart(x).toDoubleArray();
                    for (int i = 0; i < end.length; i++) {
                        double lo = Math.min(closest[i], THETA0);
                        double hi = Math.max(closest[i], THETA0);
                        assertTrue(end[i] > lo + 1e-3 && end[i] < hi - 1e-3,
                                "sample " + i + ": end angle " + end[i] + " not strictly between " + closest[i] + " and " + THETA0);
                    }
                    assertTrue(CIRCLE.distance(p.result()).max().getDouble() < 0.1, "ends near the circle");
                }
            }
        }
    }

    @Test
    void pointsOnTheManifoldStayAndStopAtOnce() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray onCircle = CIRCLE.embed(nd.create(new double[][] {{0.1}, {2.0}, {-1.0}}));
            Projector eq11 = MppmProjector.builder().distance(CIRCLE).tolerance(1e-6, 60).build();
            try (Projection p = eq11.project(onCircle)) {
                assertTrue(p.result().contentEquals(onCircle));
                assertArrayEquals(new int[] {1, 1, 1}, p.iterations());
            }
        }
    }

    @Test
    void convergedSamplesStopWhileOthersMove() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.create(new double[][] {{1.001, 0, 0}, {3, 0, 0}});
            AtomicInteger calls = new AtomicInteger();
            Projector eq11 = MppmProjector.builder().distance(CIRCLE).alpha(0.5).tolerance(0.01, 100)
                    .recordTrajectory(true).observer((step, state, active) -> calls.incrementAndGet()).build();
            try (Projection p = eq11.project(x)) {
                int[] it = p.iterations();
                assertEquals(1, it[0]);
                assertTrue(it[1] > 5);
                NDArray path = p.trajectory().orElseThrow();
                assertEquals(it[1] + 1, path.getShape().get(0));
                assertEquals(2, path.getShape().get(1));
                assertEquals(3, path.getShape().get(2));
                assertEquals(it[1], calls.get());
                // sample 0 stays put after its step
                double[] firstX = path.get(":, 0, 0").toDoubleArray();
                for (int t = 2; t < firstX.length; t++) {
                    assertEquals(firstX[1], firstX[t], 0);
                }
            }
        }
    }

    @Test
    void tenThousandStepsDoNotGrowTheCallersManager() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = CircleFixture.starts(nd, 8, 0.5, 6);
            Projector flow = MppmProjector.builder().distance(CIRCLE).steps(10_000).build();
            int before = nd.getManagedArrays().size();
            try (Projection p = flow.project(x)) {
                assertEquals(before + 1, nd.getManagedArrays().size(), "only the result is left in the caller's manager");
                assertEquals(10_000, p.maxIterations());
            }
            assertEquals(before, nd.getManagedArrays().size());
        }
    }

    @Test
    void validatesParametersAndInputWithClearMessages() {
        assertMessage(() -> MppmProjector.builder().distance(CIRCLE).pullTowards(x -> x).alpha(0.6).beta(0.5).build(),
                "alpha + beta must be < 1");
        assertMessage(() -> MppmProjector.builder().distance(CIRCLE).pullTowards(x -> x).alpha(0.1).beta(0).build(), "beta");
        assertMessage(() -> MppmProjector.builder().distance(CIRCLE).alpha(-0.1).build(), "alpha");
        assertMessage(() -> MppmProjector.builder().distance(CIRCLE).tolerance(0, 10).build(), "tolerance");
        assertMessage(() -> MppmProjector.builder().distance(CIRCLE).steps(0).build(), "steps");
        try (NDManager nd = NDManager.newBaseManager()) {
            Projector eq11 = MppmProjector.builder().distance(CIRCLE).build();
            assertMessage(() -> eq11.project(nd.create(new double[][] {{1, 2}})), "[B, 3]");
            assertMessage(() -> eq11.project(nd.create(new double[][] {{1, Double.NaN, 0}})), "finite");
        }
    }

    private static void assertMessage(Runnable r, String fragment) {
        RuntimeException e = assertThrows(RuntimeException.class, r::run);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
