package org.mppm.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mppm.core.Chunking;
import org.mppm.core.KarrasSchedule;
import org.mppm.core.Sampler;
import org.mppm.core.Scopes;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.core.geometry.AffineSubspace;
import org.mppm.core.geometry.Frames;
import org.mppm.core.geometry.Sphere;
import org.mppm.core.mixture.GaussianMixture;
import org.mppm.core.smoothing.EmpiricalScore;
import org.mppm.core.smoothing.IsotropicGaussianKernel;
import org.mppm.core.smoothing.SmoothedScore;
import org.mppm.core.stats.GaussianMoments;
import org.mppm.samplers.edm.Churn;
import org.mppm.samplers.edm.EdmGenerator;
import org.mppm.samplers.edm.HeunStep;
import org.mppm.samplers.edm.MadStep;
import org.mppm.samplers.mppm.LatentMppmProjector;
import org.mppm.samplers.mppm.LatentMppmSampler;
import org.mppm.samplers.mppm.LatentNoise;
import org.mppm.samplers.smoothing.GaussianKdeSampler;
import org.mppm.samplers.smoothing.ProbabilityFlowSampler;
import org.mppm.samplers.smoothing.ReverseSdeSampler;
import org.mppm.samplers.smoothing.TimeGrid;

/**
 * Every generative method of the module as a {@link Sampler}, through the same checks (shape,
 * ownership, no array left behind, same seed same bits, another seed other samples, chunk sizes 1, 7
 * and 64 give the bits of the whole job, the first k of n samples are the k samples), and each with
 * a cheap check that it samples the right distribution.
 */
class SamplerContractTest {
    private static final int[] CHUNKS = {1, 7, 64};
    private static final GaussianMixture MIXTURE = GaussianMixture.builder().addIsotropic(0.3, new double[] {-1, 0}, 0.01)
            .add(0.7, new double[] {1, 0.5}, new double[][] {{0.16, 0.08}, {0.08, 0.04}}).build();

    /** The contract; returns {@code count} samples of seed 5 (in nd) for the distribution checks. */
    private static NDArray contract(String name, Sampler sampler, NDManager nd, Shape shape, int count) {
        int arrays = nd.getManagedArrays().size();
        NDArray samples = sampler.sample(nd, count, 5);
        assertEquals(arrays + 1, nd.getManagedArrays().size(), name + ": only the samples are new in the caller's manager");
        assertSame(nd, samples.getManager(), name + ": the samples belong to the caller's manager");
        assertEquals(new Shape(count).addAll(shape), samples.getShape(), name + ": [count, ...]");
        boolean nan = Scopes.host(samples, x -> x.isNaN().any().getBoolean());
        assertFalse(nan, name + ": finite samples");
        try (NDArray again = sampler.sample(nd, count, 5); NDArray other = sampler.sample(nd, count, 6)) {
            assertTrue(samples.contentEquals(again), name + ": same seed, same bits");
            assertFalse(samples.contentEquals(other), name + ": another seed, other samples");
        }
        for (int chunk : CHUNKS) {
            try (NDArray chunked = sampler.sample(nd, count, 5, Chunking.of(chunk))) {
                if (!samples.contentEquals(chunked)) {
                    double diff = Scopes.host(chunked, samples, (a, b) -> a.sub(b).abs().max().toType(DataType.FLOAT64, false)
                            .getDouble());
                    throw new AssertionError(name + ": chunks of " + chunk + " give other bits, max diff " + diff);
                }
            }
        }
        try (NDArray first = sampler.sample(nd, 3, 5); NDArray head = samples.get("0:3")) {
            assertTrue(first.contentEquals(head), name + ": the first 3 samples are the 3 samples");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sampler.sample(nd, 0, 5));
        assertTrue(e.getMessage().contains("count"), name + ": " + e.getMessage());
        assertEquals(arrays + 1, nd.getManagedArrays().size(), name + ": nothing else is left behind");
        return samples;
    }

    private static double[][] rows(NDArray a) {
        long n = a.getShape().get(0);
        double[] flat = a.toType(DataType.FLOAT64, false).toDoubleArray();
        int d = flat.length / (int) n;
        double[][] r = new double[(int) n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, r[i], 0, d);
        }
        return r;
    }

    private static double distanceToNearest(double[] x, double[][] points) {
        double best = Double.POSITIVE_INFINITY;
        for (double[] p : points) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += (x[j] - p[j]) * (x[j] - p[j]);
            }
            best = Math.min(best, Math.sqrt(s));
        }
        return best;
    }

    private static double[][] circle(int n) {
        double[][] p = new double[n][2];
        for (int i = 0; i < n; i++) {
            p[i][0] = Math.cos(2 * Math.PI * i / n);
            p[i][1] = Math.sin(2 * Math.PI * i / n);
        }
        return p;
    }

    /** Most samples lie near a component of the mixture, in about the components' proportions. */
    private static void nearTheComponents(String name, NDArray samples) {
        double[][] x = rows(samples);
        int near = 0;
        int second = 0;
        for (double[] p : x) {
            double toFirst = Math.hypot(p[0] + 1, p[1]);
            // the second component is the segment through (1, 0.5) along (2, 1)
            double t = ((p[0] - 1) * 2 + (p[1] - 0.5)) / 5;
            double toSecond = Math.hypot(p[0] - 1 - 2 * t, p[1] - 0.5 - t);
            if (Math.min(toFirst, toSecond) < 0.35) {
                near++;
            }
            if (toSecond < toFirst) {
                second++;
            }
        }
        assertTrue(near >= 0.95 * x.length, name + ": " + near + " of " + x.length + " near a component");
        double share = second / (double) x.length;
        assertEquals(0.7, share, 0.15, name + ": the second component's share");
    }

    @Test
    void edmEulerHeunAndMad() {
        KarrasSchedule schedule = new KarrasSchedule(24, 0.002, 20, 7);
        EdmGenerator.Builder edm = EdmGenerator.builder().denoiser(MIXTURE).schedule(schedule).sampleShape(2);
        try (NDManager nd = NDManager.newBaseManager()) {
            contract("EDM Euler", edm.build(), nd, new Shape(2), 23).close();
            contract("EDM Heun with churn", edm.rule(HeunStep.instance()).churn(new Churn(20, 0.01, 10, 1.003)).build(), nd,
                    new Shape(2), 23).close();
            EdmGenerator mad = edm.rule(MadStep.of(1.5, 1)).churn(Churn.none()).build();
            contract("MAD", mad, nd, new Shape(2), 23).close();
            nearTheComponents("EDM Euler", edm.rule(HeunStep.instance()).churn(Churn.none()).build().sample(nd, 300, 1));
            nearTheComponents("MAD", mad.sample(nd, 300, 1));
            assertEquals(DataType.FLOAT64, edm.dataType(DataType.FLOAT64).build().sample(nd, 2, 1).getDataType());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> EdmGenerator.builder().denoiser(MIXTURE).schedule(schedule).build());
            assertTrue(e.getMessage().contains("sampleShape"), e.getMessage());
        }
    }

    /** With the exact score of 12 points, the reverse SDE and the probability-flow ODE return training points. */
    @Test
    void reverseSdeAndProbabilityFlowOde() {
        double[][] points = circle(12);
        TimeGrid grid = TimeGrid.geometric(1e-6, 5, 60).withZero();
        try (NDManager nd = NDManager.newBaseManager(); EmpiricalScore score = EmpiricalScore.of(nd.create(points))) {
            Sampler sde = ReverseSdeSampler.of(score, grid, 2, DataType.FLOAT64);
            Sampler ode = new ProbabilityFlowSampler(score, grid, 2, DataType.FLOAT64);
            for (NDArray samples : new NDArray[] {contract("reverse SDE", sde, nd, new Shape(2), 23),
                    contract("probability-flow ODE", ode, nd, new Shape(2), 23)}) {
                for (double[] x : rows(samples)) {
                    assertEquals(0, distanceToNearest(x, points), 1e-2);
                }
            }
            contract("reverse SDE with noise on the last step", new ReverseSdeSampler(score, grid, 2, DataType.FLOAT64, true),
                    nd, new Shape(2), 23).close();
            assertThrows(IllegalArgumentException.class, () -> ReverseSdeSampler.of(score, grid, 2, DataType.INT32));
        }
    }

    /**
     * Over a Monte Carlo smoothed score (noise per sample and step), the reverse SDE and the
     * probability-flow ODE meet the whole contract, chunk invariance included, and land near the
     * circle the 12 points lie on.
     */
    @Test
    void reverseSdeAndProbabilityFlowOdeOverASmoothedScore() {
        double[][] points = circle(12);
        TimeGrid grid = TimeGrid.geometric(1e-4, 2, 20).withZero();
        try (NDManager nd = NDManager.newBaseManager(); EmpiricalScore empirical = EmpiricalScore.of(nd.create(points))) {
            SmoothedScore smoothed = SmoothedScore.builder().base(empirical).kernel(new IsotropicGaussianKernel(0.1))
                    .samples(16).seed(4).build();
            Sampler sde = ReverseSdeSampler.of(smoothed, grid, 2, DataType.FLOAT64);
            Sampler ode = new ProbabilityFlowSampler(smoothed, grid, 2, DataType.FLOAT64);
            for (NDArray samples : new NDArray[] {contract("reverse SDE, smoothed score", sde, nd, new Shape(2), 23),
                    contract("probability-flow ODE, smoothed score", ode, nd, new Shape(2), 23)}) {
                double off = 0;
                for (double[] x : rows(samples)) {
                    off += Math.abs(Math.hypot(x[0], x[1]) - 1) / 23;
                }
                assertTrue(off < 0.2, "mean distance to the circle " + off);
                samples.close();
            }
        }
    }

    @Test
    void gaussianKernelDensity() {
        double[][] points = circle(12);
        try (NDManager nd = NDManager.newBaseManager()) {
            GaussianKdeSampler kde = GaussianKdeSampler.of(nd.create(points).toType(DataType.FLOAT32, false), 0.05);
            contract("KDE", kde, nd, new Shape(2), 23).close();
            NDArray samples = kde.sample(nd, 3000, 2);
            assertEquals(DataType.FLOAT32, samples.getDataType());
            double meanSq = 0;
            int[] used = new int[points.length];
            for (double[] x : rows(samples)) {
                double r = distanceToNearest(x, points);
                meanSq += r * r / 3000;
                for (int i = 0; i < points.length; i++) {
                    if (Math.hypot(x[0] - points[i][0], x[1] - points[i][1]) == r) {
                        used[i]++;
                    }
                }
            }
            assertEquals(2 * 0.05 * 0.05, meanSq, 0.1 * 2 * 0.05 * 0.05, "E|sigma Z|^2 = d sigma^2");
            for (int u : used) {
                assertEquals(250, u, 60, "every training point is chosen about equally often");
            }
        }
    }

    /** Algorithm 2 from latent noise on exact parts: a plane in R^5, codes near an arc of the unit circle. */
    @Test
    void lmppmFromLatentNoise() {
        AffineSubspace plane = new AffineSubspace(new double[] {1, 0, -1, 0, 2}, Frames.random(2, 5, 8));
        Sphere latentCircle = new Sphere(new double[2], 1, Frames.standard(2, 2));
        Random random = new Random(3);
        double[][] s = new double[200][];
        for (int i = 0; i < s.length; i++) {
            double t = 0.5 + 0.2 * random.nextGaussian();
            s[i] = new double[] {Math.cos(t), Math.sin(t)};
        }
        try (NDManager nd = NDManager.newBaseManager(); GaussianKernelDensity kde = GaussianKernelDensity.of(
                nd.create(s).toType(DataType.FLOAT32, false), 0.2)) {
            LatentMppmProjector alg2 = LatentMppmProjector.builder().autoencoder(plane).distance(latentCircle).kernel(kde)
                    .alpha(0.2).beta(0.1).steps(12).build();
            LatentNoise noise = LatentNoise.gaussian(GaussianMoments.of(s));
            LatentMppmSampler sampler = new LatentMppmSampler(alg2, noise);
            NDArray samples = contract("LMPPM from latent noise", sampler, nd, new Shape(5), 23);
            assertTrue(plane.distance(samples).max().toType(DataType.FLOAT64, false).getDouble() < 1e-4, "G(z) lies on the plane");
            try (NDArray start = noise.codes(nd, new org.mppm.core.SampleSeeds(5, 0, 23))) {
                double before = latentCircle.distance(start).mean().getFloat();
                double after = latentCircle.distance(plane.chart(samples)).mean().getFloat();
                assertTrue(after < 0.5 * before, "the codes move towards S: " + before + " -> " + after);
            }
            contract("LMPPM from isotropic latent noise",
                    new LatentMppmSampler(alg2, LatentNoise.isotropic(2, 1.5, DataType.FLOAT32)), nd, new Shape(5), 23).close();
        }
    }
}
