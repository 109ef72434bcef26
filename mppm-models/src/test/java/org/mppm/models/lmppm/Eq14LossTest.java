package org.mppm.models.lmppm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mppm.models.nn.HostMlp;
import org.mppm.models.nn.Mlp;
import org.mppm.models.nn.MlpAutoencoder;
import org.mppm.models.train.LossTerms;
import org.mppm.core.SeededNoise;

/** Eq. 14 on a tiny float64 network against an independent host computation. */
class Eq14LossTest {
    static final double[][] CLEAN = {{0.3, -0.2, 0.5}, {1.0, 0.5, -0.4}, {-0.7, 0.8, 0.1}, {0.1, 0.1, 0.9}};
    static final double[][] NOISY = {{0.5, -0.1, 0.2}, {0.8, 0.9, -0.1}, {-1.0, 0.4, 0.3}, {0.4, -0.3, 0.6}};

    MlpAutoencoder ae;
    Mlp d;

    private void build(NDManager nd) {
        Engine.getInstance().setRandomSeed(4);
        ae = new MlpAutoencoder(new int[] {3, 6, 2});
        d = new Mlp(new int[] {2, 7, 5, 1}, 0.2f);
        ae.initialize(nd, DataType.FLOAT64, new Shape(1, 3));
        d.initialize(nd, DataType.FLOAT64, new Shape(1, 2));
    }

    static double sq(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    static int nearestClean(double[] x) {
        int best = 0;
        for (int j = 1; j < CLEAN.length; j++) {
            if (sq(x, CLEAN[j]) < sq(x, CLEAN[best])) {
                best = j;
            }
        }
        return best;
    }

    @Test
    void nearestCleanIsTheExactNearestNeighbour() {
        try (NDManager nd = NDManager.newBaseManager(); NearestClean index = new NearestClean(nd.create(CLEAN))) {
            long[] got = index.nearestIndex(nd.create(NOISY)).toLongArray();
            for (int i = 0; i < NOISY.length; i++) {
                assertEquals(nearestClean(NOISY[i]), got[i]);
            }
        }
    }

    @Test
    void nearestCleanOverSeveralChunksFindsTheFirstNearest() {
        // 9,000 points: the search runs in a chunk of 8,192 and one of 808
        java.util.Random random = new java.util.Random(11);
        float[][] clean = new float[9000][5];
        for (float[] row : clean) {
            for (int k = 0; k < row.length; k++) {
                row[k] = (float) random.nextGaussian();
            }
        }
        clean[8500] = clean[100].clone(); // an exact tie across the chunks: the first index wins
        int[] targets = {0, 100, 4321, 8191, 8192, 8500, 8999};
        float[][] queries = new float[targets.length][];
        for (int i = 0; i < targets.length; i++) {
            queries[i] = clean[targets[i]].clone();
            queries[i][i % 5] += 1e-3f;
        }
        try (NDManager nd = NDManager.newBaseManager(); NearestClean index = new NearestClean(nd.create(clean).reshape(9000, 1, 5))) {
            NDArray q = nd.create(queries).reshape(targets.length, 1, 5);
            long[] got = index.nearestIndex(q).toLongArray();
            NDArray star = index.nearest(q);
            float[] rows = star.toFloatArray();
            assertEquals(new Shape(targets.length, 1, 5), star.getShape());
            for (int i = 0; i < targets.length; i++) {
                assertEquals(targets[i] == 8500 ? 100 : targets[i], got[i], "query near point " + targets[i]);
                assertArrayEquals(clean[targets[i]], java.util.Arrays.copyOfRange(rows, 5 * i, 5 * i + 5), "x* of query " + i);
            }
            // calls leave nothing behind, in the index or with the caller
            int owned = index.ownedArrays();
            int callers = nd.getManagedArrays().size();
            for (int i = 0; i < 20; i++) {
                index.nearest(q).close();
                index.nearestIndex(q).close();
            }
            assertEquals(owned, index.ownedArrays());
            assertEquals(callers, nd.getManagedArrays().size());
        }
    }

    @Test
    void everyTermEqualsTheHandComputedValue() {
        try (NDManager nd = NDManager.newBaseManager(); NearestClean index = new NearestClean(nd.create(CLEAN))) {
            build(nd);
            double[][] star = new double[NOISY.length][];
            for (int i = 0; i < NOISY.length; i++) {
                star[i] = CLEAN[nearestClean(NOISY[i])];
            }
            LossTerms terms = new Eq14Loss(ae, d, index, new Eq14Weights(1, 2, 3, 4, 5, 6), 0.4, false)
                    .terms(nd.create(CLEAN), nd.create(NOISY), nd.create(star), false, new SeededNoise(1));
            HostMlp f = HostMlp.of(ae.encoder());
            HostMlp g = HostMlp.of(ae.decoder());
            HostMlp dist = HostMlp.of(d);
            double[] t = new double[6];
            int n = CLEAN.length;
            for (int i = 0; i < n; i++) {
                double[] z = f.apply(NOISY[i]);
                double[] zs = f.apply(star[i]);
                double[] zc = f.apply(CLEAN[i]);
                double dz = dist.apply(z)[0];
                double dc = dist.apply(zc)[0];
                double[] grad = dist.gradient(z);
                double gn = Math.sqrt(sq(grad, new double[2]));
                double[] shift = {z[0] - dz * grad[0] / gn, z[1] - dz * grad[1] / gn};
                t[0] += Math.pow(dz - Math.sqrt(sq(z, zs)), 2);
                t[1] += sq(CLEAN[i], g.apply(zc));
                t[2] += dc * dc;
                t[3] += Math.pow(dz - Math.abs(dz), 2);
                t[4] += Math.sqrt(sq(shift, zs));
                t[5] += Math.sqrt(sq(g.apply(shift), star[i]));
            }
            String[] names = {"distance", "reconstruct", "boundary", "positivity", "shift", "decodedShift"};
            for (int k = 0; k < 6; k++) {
                assertEquals((k + 1) * t[k] / n, terms.get(names[k]).getDouble(), 1e-6, names[k]);
            }
        }
    }

    /** The authors' variant: z_shift = z - D grad D (not normalised), lambda_5 and lambda_6 as L1 means. */
    @Test
    void authorsVariantShiftAndConsistencyTermsEqualTheHandComputedValues() {
        try (NDManager nd = NDManager.newBaseManager(); NearestClean index = new NearestClean(nd.create(CLEAN))) {
            build(nd);
            double[][] star = new double[NOISY.length][];
            for (int i = 0; i < NOISY.length; i++) {
                star[i] = CLEAN[nearestClean(NOISY[i])];
            }
            LossTerms terms = new Eq14Loss(ae, d, index, new Eq14Weights(1, 1, 1, 1, 5, 6), 0.4, false, Eq14Variant.authors())
                    .terms(nd.create(CLEAN), nd.create(NOISY), nd.create(star), false, new SeededNoise(1));
            HostMlp f = HostMlp.of(ae.encoder());
            HostMlp g = HostMlp.of(ae.decoder());
            HostMlp dist = HostMlp.of(d);
            double t5 = 0;
            double t6 = 0;
            int n = CLEAN.length;
            for (int i = 0; i < n; i++) {
                double[] z = f.apply(NOISY[i]);
                double[] zs = f.apply(star[i]);
                double dz = dist.apply(z)[0];
                double[] grad = dist.gradient(z);
                double[] shift = {z[0] - dz * grad[0], z[1] - dz * grad[1]};
                t5 += (Math.abs(shift[0] - zs[0]) + Math.abs(shift[1] - zs[1])) / 2;
                double[] decoded = g.apply(shift);
                for (int k = 0; k < decoded.length; k++) {
                    t6 += Math.abs(decoded[k] - star[i][k]) / decoded.length;
                }
            }
            assertEquals(5 * t5 / n, terms.get("shift").getDouble(), 1e-6);
            assertEquals(6 * t6 / n, terms.get("decodedShift").getDouble(), 1e-6);
        }
    }

    /** The shift terms reach F and D through the closed-form latent gradient: autograd against finite differences. */
    @Test
    void shiftTermsParameterGradientMatchesFiniteDifferences() {
        try (NDManager nd = NDManager.newBaseManager(); NearestClean index = new NearestClean(nd.create(CLEAN))) {
            build(nd);
            double[][] star = new double[NOISY.length][];
            for (int i = 0; i < NOISY.length; i++) {
                star[i] = CLEAN[nearestClean(NOISY[i])];
            }
            Eq14Loss loss = new Eq14Loss(ae, d, index, new Eq14Weights(0, 0, 0, 0, 1, 1), 0.4, false);
            NDArray clean = nd.create(CLEAN);
            NDArray noisy = nd.create(NOISY);
            NDArray x = nd.create(star);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(loss.terms(clean, noisy, x, false, new SeededNoise(1)).total());
            }
            List<Parameter> checked = List.of(d.getParameters().get("01linear1_weight"),
                    ae.getParameters().get("01encoder_01linear1_weight"), ae.getParameters().get("02decoder_02linear2_weight"));
            double h = 1e-6;
            for (Parameter p : checked) {
                NDArray weight = p.getArray();
                double[] autograd = weight.getGradient().toDoubleArray();
                double[] original = weight.toDoubleArray();
                for (int k = 0; k < 5; k++) {
                    double[] up = original.clone();
                    up[k] += h;
                    weight.set(nd.create(up).reshape(weight.getShape()).toByteBuffer());
                    double fUp = loss.terms(clean, noisy, x, false, new SeededNoise(1)).total().getDouble();
                    double[] down = original.clone();
                    down[k] -= h;
                    weight.set(nd.create(down).reshape(weight.getShape()).toByteBuffer());
                    double fDown = loss.terms(clean, noisy, x, false, new SeededNoise(1)).total().getDouble();
                    weight.set(nd.create(original).reshape(weight.getShape()).toByteBuffer());
                    double fd = (fUp - fDown) / (2 * h);
                    assertEquals(fd, autograd[k], 1e-5 * (1 + Math.abs(fd)), p.getName() + "[" + k + "]");
                }
            }
            assertTrue(checked.size() == 3);
        }
    }

    /**
     * Rows of x* equal to their clean sample share its encoder pass: the terms and every
     * parameter's gradient equal those of encoding all 3B rows (an encoder that does not say it
     * maps rows alone), with none, some and all of x* moved.
     */
    @Test
    void sharedEncoderPassGivesTheTermsAndGradientsOfTheFullPass() {
        try (NDManager nd = NDManager.newBaseManager(); NearestClean index = new NearestClean(nd.create(CLEAN))) {
            build(nd);
            int[][] stars = {{0, 1, 2, 3}, {0, 1, 2, 0}, {3, 2, 1, 0}};
            for (int[] rows : stars) {
                double[][] star = new double[rows.length][];
                for (int i = 0; i < rows.length; i++) {
                    star[i] = CLEAN[rows[i]];
                }
                Eq14Weights weights = new Eq14Weights(1, 2, 3, 4, 5, 6);
                double[][] shared = termsAndGradients(new Eq14Loss(ae, d, index, weights, 0.4, false), nd, star);
                double[][] full = termsAndGradients(new Eq14Loss(new FullPass(ae), d, index, weights, 0.4, false), nd, star);
                for (int k = 0; k < full.length; k++) {
                    for (int j = 0; j < full[k].length; j++) {
                        assertEquals(full[k][j], shared[k][j], 1e-12 * (1 + Math.abs(full[k][j])),
                                java.util.Arrays.toString(rows) + " entry " + k + "," + j);
                    }
                }
            }
        }
    }

    /** The six terms, then the gradient of every parameter of F, G and D. */
    private double[][] termsAndGradients(Eq14Loss loss, NDManager nd, double[][] star) {
        java.util.List<double[]> out = new java.util.ArrayList<>();
        try (NDManager scope = nd.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            LossTerms terms = loss.terms(scope.create(CLEAN), scope.create(NOISY), scope.create(star), false, new SeededNoise(1));
            out.add(java.util.stream.StreamSupport.stream(terms.names().spliterator(), false).mapToDouble(n -> terms.get(n).getDouble()).toArray());
            gc.backward(terms.total());
        }
        for (ai.djl.nn.Block block : List.of(ae, d)) {
            for (ai.djl.util.Pair<String, Parameter> p : block.getParameters()) {
                try (NDArray grad = p.getValue().getArray().getGradient()) {
                    out.add(grad.toDoubleArray());
                    grad.subi(grad);
                }
            }
        }
        return out.toArray(double[][]::new);
    }

    /** An autoencoder that does not say it maps rows alone: Eq. 14 then encodes all of x*. */
    private record FullPass(MlpAutoencoder inner) implements org.mppm.models.nn.Autoencoder {
        @Override
        public ai.djl.nn.Block block() {
            return inner.block();
        }

        @Override
        public int latentDimension() {
            return inner.latentDimension();
        }

        @Override
        public Shape sampleShape() {
            return inner.sampleShape();
        }

        @Override
        public NDArray encode(ai.djl.training.ParameterStore store, NDArray x, boolean training) {
            return inner.encode(store, x, training);
        }

        @Override
        public NDArray decode(ai.djl.training.ParameterStore store, NDArray z, boolean training) {
            return inner.decode(store, z, training);
        }
    }
}
