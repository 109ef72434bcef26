package org.mppm.samplers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mppm.samplers.mppm.ToyUNet;
import org.mppm.core.KarrasSchedule;
import org.mppm.core.Projection;
import org.mppm.core.SampleSeeds;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.core.density.ManifoldMean;
import org.mppm.core.geometry.AffineSubspace;
import org.mppm.core.geometry.Frames;
import org.mppm.core.geometry.Sphere;
import org.mppm.core.mixture.GaussianMixture;
import org.mppm.core.smoothing.EmpiricalScore;
import org.mppm.core.smoothing.IsotropicGaussianKernel;
import org.mppm.core.smoothing.SmoothedScore;
import org.mppm.samplers.edm.Churn;
import org.mppm.samplers.edm.EdmSampler;
import org.mppm.samplers.edm.HeunStep;
import org.mppm.samplers.edm.MadStep;
import org.mppm.samplers.edm.StepRule;
import org.mppm.samplers.flow.FlowObserver;
import org.mppm.samplers.mppm.LatentMppmProjector;
import org.mppm.samplers.mppm.MppmProjector;
import org.mppm.samplers.mppm.StepRamp;
import org.mppm.samplers.smoothing.ProbabilityFlowOde;
import org.mppm.samplers.smoothing.ReverseSde;
import org.mppm.samplers.smoothing.TimeGrid;

/**
 * Every iterative method of the module on small fixed inputs with exact geometry, compared bit for
 * bit with the outputs stored in {@code golden/sampler-loops.txt}: the results, per-sample
 * iteration counts, trajectories and what observers saw. Refactoring a loop must keep every bit.
 */
class LoopGoldenTest {
    private static final GoldenVectors GOLDEN = GoldenVectors.load("sampler-loops.txt");

    private static final Sphere CIRCLE = Sphere.unitCircleXY();
    private static final AffineSubspace PLANE = ToyUNet.PLANE;
    private static final Sphere LATENT_CIRCLE = new Sphere(new double[2], 1, Frames.standard(2, 2));

    @AfterAll
    static void save() {
        GOLDEN.save();
    }

    /** An observer that records (step, active) of every call. */
    private static final class Seen implements FlowObserver {
        final List<Integer> values = new ArrayList<>();

        @Override
        public void onStep(int step, NDArray state, long active) {
            values.add(step);
            values.add((int) active);
        }

        int[] toArray() {
            return values.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private static void check(String name, Projection p, Seen seen) {
        GOLDEN.check(name + ".result", p.result());
        GOLDEN.check(name + ".iterations", p.iterations());
        p.trajectory().ifPresent(t -> GOLDEN.check(name + ".trajectory", t));
        if (seen != null) {
            GOLDEN.check(name + ".observed", seen.toArray());
        }
    }

    // ---------------------------------------------------------------- fixtures

    /** Starts around the unit circle of R^3 at angles pi/2 + offset, off it radially and in z. */
    private static NDArray circleStarts(NDManager nd, int b, double offset, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[b][3];
        for (double[] p : x) {
            double theta = Math.PI / 2 + offset + 0.4 * random.nextGaussian();
            double r = 1 + 0.3 * random.nextGaussian();
            p[0] = r * Math.cos(theta);
            p[1] = r * Math.sin(theta);
            p[2] = 0.3 * random.nextGaussian();
        }
        return nd.create(x);
    }

    private static NDArray angles(NDManager nd, int n, double s, long seed) {
        Random random = new Random(seed);
        double[][] codes = new double[n][1];
        for (double[] c : codes) {
            c[0] = Math.PI / 2 + s * random.nextGaussian();
        }
        return nd.create(codes);
    }

    private static NDArray latentCodes(NDManager nd) {
        Random random = new Random(3);
        double[][] s = new double[200][];
        for (int i = 0; i < s.length; i++) {
            double t = 0.5 + 0.2 * random.nextGaussian();
            s[i] = new double[] {Math.cos(t), Math.sin(t)};
        }
        return nd.create(s);
    }

    private static NDArray pixels(NDManager nd) {
        return nd.create(new double[][] {{0.3, 2, 1, -1, 0}, {2, 2, 2, 2, 2}, {-1, 0, 0.5, 0, 1}, {0.1, -0.4, 0.9, 1.5, -2}});
    }

    private static double[][] circle(int n) {
        double[][] p = new double[n][2];
        for (int i = 0; i < n; i++) {
            p[i][0] = Math.cos(2 * Math.PI * i / n);
            p[i][1] = Math.sin(2 * Math.PI * i / n);
        }
        return p;
    }

    private static final ToyUNet UNET = ToyUNet.INSTANCE;

    // ---------------------------------------------------------------- the flow (Eq. 11, Eq. 12)

    @Test
    void eq12WithATolerance() {
        try (NDManager nd = NDManager.newBaseManager();
                ManifoldMean mean = ManifoldMean.of(CIRCLE, angles(nd, 300, 0.35, 4), 0.1, 0.3, 8, 4)) {
            NDArray x = circleStarts(nd, 6, 0.8, 3);
            Seen seen = new Seen();
            try (Projection p = MppmProjector.builder().distance(CIRCLE).pullTowards(mean::mean).tolerance(0.02, 60)
                    .recordTrajectory(true).observer(seen).build().project(x)) {
                int[] iterations = p.iterations();
                assertTrue(Arrays.stream(iterations).distinct().count() > 1, "samples stop at different steps: "
                        + Arrays.toString(iterations));
                assertTrue(Arrays.stream(iterations).max().getAsInt() < 60, Arrays.toString(iterations));
                check("eq12.tolerance", p, seen);
            }
        }
    }

    @Test
    void eq11FixedStepsInFloat32() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = circleStarts(nd, 5, 1.5, 9).toType(DataType.FLOAT32, false);
            Seen seen = new Seen();
            try (Projection p = MppmProjector.builder().distance(CIRCLE).alpha(0.4).steps(7).recordTrajectory(true)
                    .observer(seen).build().project(x)) {
                check("eq11.fixed", p, seen);
            }
            try (Projection p = MppmProjector.builder().distance(CIRCLE).alpha(0.4).tolerance(1e-3, 50).build()
                    .project(x)) {
                check("eq11.tolerance", p, null);
            }
        }
    }

    // ---------------------------------------------------------------- Algorithm 2

    private static LatentMppmProjector.Builder alg2(GaussianKernelDensity kde) {
        return LatentMppmProjector.builder().autoencoder(UNET).distance(LATENT_CIRCLE).kernel(kde).alpha(0.2).beta(0.1);
    }

    @Test
    void algorithm2EncodedOnce() {
        try (NDManager nd = NDManager.newBaseManager(); GaussianKernelDensity kde = GaussianKernelDensity.of(latentCodes(nd), 0.2)) {
            NDArray x = pixels(nd);
            Seen seen = new Seen();
            try (Projection p = alg2(kde).steps(6).recordTrajectory(true).observer(seen).build().project(x)) {
                check("alg2.once", p, seen);
            }
            try (Projection p = alg2(kde).tolerance(0.01, 40).recordTrajectory(true).build().project(x)) {
                check("alg2.once.tolerance", p, null);
            }
            try (Projection p = alg2(kde).ramp(new StepRamp(5, 0.3, 0.9)).recordTrajectory(true).build().project(x)) {
                check("alg2.once.ramp", p, null);
            }
            try (Projection p = alg2(kde).steps(0).recordTrajectory(true).build().project(x)) {
                check("alg2.once.zero", p, null);
            }
        }
    }

    @Test
    void algorithm2ReencodingEachStep() {
        try (NDManager nd = NDManager.newBaseManager(); GaussianKernelDensity kde = GaussianKernelDensity.of(latentCodes(nd), 0.2)) {
            NDArray x = pixels(nd);
            Seen seen = new Seen();
            try (Projection p = alg2(kde).reencodeEachStep(true).steps(5).recordTrajectory(true).observer(seen).build()
                    .project(x)) {
                check("alg2.reencode", p, seen);
            }
            try (Projection p = alg2(kde).reencodeEachStep(true).tolerance(0.01, 40).recordTrajectory(true).build()
                    .project(x)) {
                check("alg2.reencode.tolerance", p, null);
            }
        }
    }

    @Test
    void algorithm2WithTheSkipsFollowingTheRestoration() {
        try (NDManager nd = NDManager.newBaseManager(); GaussianKernelDensity kde = GaussianKernelDensity.of(latentCodes(nd), 0.2)) {
            NDArray x = pixels(nd);
            Seen seen = new Seen();
            try (Projection p = alg2(kde).skipsFollowRestoration(true).steps(6).recordTrajectory(true).observer(seen)
                    .build().project(x)) {
                check("alg2.skips", p, seen);
            }
            try (Projection p = alg2(kde).skipsFollowRestoration(true).tolerance(0.01, 40).build().project(x)) {
                check("alg2.skips.tolerance", p, null);
            }
        }
    }

    @Test
    void algorithm2FromCodesOnAManifoldWithAContext() {
        try (NDManager nd = NDManager.newBaseManager(); GaussianKernelDensity kde = GaussianKernelDensity.of(latentCodes(nd), 0.2)) {
            NDArray z = nd.create(new double[][] {{0.1, 0.2}, {-1.5, 0.3}, {0.9, 0.9}, {2, -1}});
            Seen seen = new Seen();
            try (Projection p = alg2(kde).steps(6).recordTrajectory(true).observer(seen).build().projectCodes(z)) {
                check("alg2.codes", p, seen);
            }
            try (Projection p = alg2(kde).tolerance(0.01, 40).build().projectCodes(z)) {
                check("alg2.codes.tolerance", p, null);
            }
        }
    }

    // ---------------------------------------------------------------- EDM, MAD

    private static GaussianMixture mixture() {
        return GaussianMixture.builder().addIsotropic(0.4, new double[] {-1, 0}, 0.01)
                .add(0.6, new double[] {1, 0.5}, new double[][] {{0.16, 0.08}, {0.08, 0.04}}).build();
    }

    @Test
    void edmEulerHeunAndMadWithAndWithoutChurn() {
        KarrasSchedule schedule = new KarrasSchedule(12, 0.002, 20, 7);
        GaussianMixture mixture = mixture();
        StepRule[] rules = {EdmSampler.euler().rule(), HeunStep.instance(), MadStep.of(1.5, 1)};
        String[] names = {"euler", "heun", "mad"};
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x0 = EdmSampler.initialNoise(nd, new Shape(8, 2), DataType.FLOAT32, schedule, 5);
            GOLDEN.check("edm.initial", x0);
            for (int r = 0; r < rules.length; r++) {
                for (Churn churn : new Churn[] {Churn.none(), new Churn(20, 0.01, 10, 1.003)}) {
                    String name = "edm." + names[r] + (churn.enabled() ? ".churn" : "");
                    Seen seen = new Seen();
                    EdmSampler sampler = EdmSampler.builder().rule(rules[r]).churn(churn).seed(11).build();
                    GOLDEN.check(name, sampler.sample(mixture, x0, schedule, seen));
                    GOLDEN.check(name + ".observed", seen.toArray());
                }
            }
            NDArray x64 = EdmSampler.initialNoise(nd, new Shape(4, 2), DataType.FLOAT64, schedule, 6);
            GOLDEN.check("edm.heun.churn.float64", EdmSampler.builder().rule(HeunStep.instance()).churn(Churn.of(30)).seed(2)
                    .build().sample(mixture, x64, schedule));
        }
    }

    // ---------------------------------------------------------------- score smoothing: reverse SDE, PF-ODE

    private static SmoothedScore smoothed(EmpiricalScore base) {
        return SmoothedScore.builder().base(base).kernel(new IsotropicGaussianKernel(0.2)).samples(8).divergenceSamples(8)
                .seed(5).build();
    }

    @Test
    void reverseSdeAndProbabilityFlowOde() {
        TimeGrid grid = TimeGrid.geometric(1e-4, 2, 20).withZero();
        try (NDManager nd = NDManager.newBaseManager(); EmpiricalScore score = EmpiricalScore.of(nd.create(circle(12)))) {
            NDArray start = ReverseSde.initialNoise(nd, new Shape(8, 2), DataType.FLOAT64, grid, 1);
            GOLDEN.check("sde.initial", start);
            Seen seen = new Seen();
            GOLDEN.check("sde.exact", new ReverseSde(3, false).sample(score, start, grid, seen));
            GOLDEN.check("sde.exact.observed", seen.toArray());
            GOLDEN.check("sde.exact.noiseOnLastStep", new ReverseSde(3, true).sample(score, start, grid, (s, x, a) -> { }));
            GOLDEN.check("sde.smoothed", new ReverseSde(4, false).sample(smoothed(score), start, grid, (s, x, a) -> { }));
            Seen odeSeen = new Seen();
            GOLDEN.check("ode.exact", ProbabilityFlowOde.sample(score, start, grid, odeSeen));
            GOLDEN.check("ode.exact.observed", odeSeen.toArray());
            GOLDEN.check("ode.smoothed", ProbabilityFlowOde.sample(smoothed(score), start, grid, (s, x, a) -> { }));
            GOLDEN.check("ode.smoothed.rows", ProbabilityFlowOde.sample(smoothed(score), start, grid,
                    new SampleSeeds(6, 10, 8), (s, x, a) -> { }));
            NDArray start32 = ReverseSde.initialNoise(nd, new Shape(5, 2), DataType.FLOAT32, grid, 2);
            try (EmpiricalScore score32 = EmpiricalScore.of(nd.create(circle(12)).toType(DataType.FLOAT32, false))) {
                GOLDEN.check("sde.exact.float32", new ReverseSde(3, false).sample(score32, start32, grid, (s, x, a) -> { }));
                GOLDEN.check("ode.exact.float32", ProbabilityFlowOde.sample(score32, start32, grid, (s, x, a) -> { }));
            }
        }
    }

    @Test
    void probabilityFlowOdeLogLikelihood() {
        TimeGrid grid = TimeGrid.geometric(1e-3, 1, 15);
        try (NDManager nd = NDManager.newBaseManager(); EmpiricalScore score = EmpiricalScore.of(nd.create(circle(12)))) {
            NDArray x0 = nd.create(new double[][] {{1, 0.1}, {0, -0.9}, {0.5, 0.5}, {-1.2, 0.2}, {0.05, 0}});
            Seen seen = new Seen();
            GOLDEN.check("ode.logLikelihood.exact", ProbabilityFlowOde.logLikelihood(score, x0, grid, seen));
            GOLDEN.check("ode.logLikelihood.exact.observed", seen.toArray());
            GOLDEN.check("ode.logLikelihood.smoothed", ProbabilityFlowOde.logLikelihood(smoothed(score), x0, grid,
                    (s, x, a) -> { }));
            GOLDEN.check("ode.logLikelihood.smoothed.rows", ProbabilityFlowOde.logLikelihood(smoothed(score), x0, grid,
                    new SampleSeeds(6, 10, 5), (s, x, a) -> { }));
        }
    }
}
