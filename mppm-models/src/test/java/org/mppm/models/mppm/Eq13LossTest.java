package org.mppm.models.mppm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mppm.models.nn.HostMlp;
import org.mppm.models.nn.Mlp;
import org.mppm.models.nn.MlpAutoencoder;
import org.mppm.models.train.LossTerms;
import org.mppm.core.SeededNoise;

/** Eq. 13 on a tiny float64 network, against an independent host computation. */
class Eq13LossTest {
    static final double[][] CLEAN = {{0.3, -0.2}, {1.0, 0.5}, {-0.7, 0.8}, {0.1, 0.1}};
    static final double[][] NOISY = {{0.5, -0.1}, {0.8, 0.9}, {-1.0, 0.4}, {0.4, -0.3}};

    static double sq(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(sq(a, new double[a.length]));
    }

    MlpAutoencoder ae;
    Mlp d;

    private void build(NDManager nd) {
        Engine.getInstance().setRandomSeed(3);
        ae = new MlpAutoencoder(new int[] {2, 5, 1});
        d = new Mlp(new int[] {2, 6, 4, 1}, 0.2f);
        ae.initialize(nd, DataType.FLOAT64, new Shape(1, 2));
        d.initialize(nd, DataType.FLOAT64, new Shape(1, 2));
    }

    @Test
    void everyTermEqualsTheHandComputedValue() {
        try (NDManager nd = NDManager.newBaseManager()) {
            build(nd);
            Eq13Weights w = new Eq13Weights(1, 2, 3, 4, 5);
            LossTerms terms = new Eq13Loss(ae, d, w, 0.1).terms(nd.create(CLEAN), nd.create(NOISY), false, new SeededNoise(1));
            HostMlp f = HostMlp.of(ae.encoder());
            HostMlp g = HostMlp.of(ae.decoder());
            HostMlp dist = HostMlp.of(d);
            double t1 = 0;
            double t2 = 0;
            double t3 = 0;
            double t4 = 0;
            double t5 = 0;
            int n = CLEAN.length;
            for (int i = 0; i < n; i++) {
                double[] star = g.apply(f.apply(NOISY[i]));
                double[] rec = g.apply(f.apply(CLEAN[i]));
                double dn = dist.apply(NOISY[i])[0];
                double dc = dist.apply(CLEAN[i])[0];
                double[] grad = dist.gradient(NOISY[i]);
                double gn = norm(grad);
                double[] shifted = {NOISY[i][0] - dn * grad[0] / gn, NOISY[i][1] - dn * grad[1] / gn};
                t1 += Math.pow(dn - Math.sqrt(sq(NOISY[i], star)), 2);
                t2 += sq(CLEAN[i], rec);
                t3 += dc * dc;
                t4 += Math.pow(dn - Math.abs(dn), 2) + Math.pow(dc - Math.abs(dc), 2);
                t5 += sq(shifted, star);
            }
            assertEquals(1 * t1 / n, terms.get("distance").getDouble(), 1e-7);
            assertEquals(2 * t2 / n, terms.get("reconstruct").getDouble(), 1e-9);
            assertEquals(3 * t3 / n, terms.get("boundary").getDouble(), 1e-9);
            assertEquals(4 * t4 / (2 * n), terms.get("positivity").getDouble(), 1e-9);
            assertEquals(5 * t5 / n, terms.get("shift").getDouble(), 1e-6);
            assertEquals(t1 / n + 2 * t2 / n + 3 * t3 / n + 4 * t4 / (2 * n) + 5 * t5 / n, terms.total().getDouble(), 1e-6);
        }
    }

    /** The shift term trains D through its gradient and F, G through x*: autograd against finite differences. */
    @Test
    void shiftTermParameterGradientMatchesFiniteDifferences() {
        try (NDManager nd = NDManager.newBaseManager()) {
            build(nd);
            Eq13Loss loss = new Eq13Loss(ae, d, new Eq13Weights(0, 0, 0, 0, 1), 0.1);
            NDArray clean = nd.create(CLEAN);
            NDArray noisy = nd.create(NOISY);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(loss.terms(clean, noisy, false, new SeededNoise(1)).get("shift"));
            }
            List<Parameter> checked = new ArrayList<>();
            checked.add(d.getParameters().get("01linear1_weight"));
            checked.add(d.getParameters().get("03linear3_weight"));
            checked.add(ae.getParameters().get("01encoder_01linear1_weight"));
            checked.add(ae.getParameters().get("02decoder_02linear2_weight"));
            double h = 1e-6;
            int compared = 0;
            for (Parameter p : checked) {
                NDArray weight = p.getArray();
                double[] autograd = weight.getGradient().toDoubleArray();
                double[] original = weight.toDoubleArray();
                for (int k = 0; k < Math.min(original.length, 6); k++) {
                    double[] up = original.clone();
                    up[k] += h;
                    weight.set(nd.create(up).reshape(weight.getShape()).toByteBuffer());
                    double fUp = loss.terms(clean, noisy, false, new SeededNoise(1)).get("shift").getDouble();
                    double[] down = original.clone();
                    down[k] -= h;
                    weight.set(nd.create(down).reshape(weight.getShape()).toByteBuffer());
                    double fDown = loss.terms(clean, noisy, false, new SeededNoise(1)).get("shift").getDouble();
                    weight.set(nd.create(original).reshape(weight.getShape()).toByteBuffer());
                    double fd = (fUp - fDown) / (2 * h);
                    assertEquals(fd, autograd[k], 1e-5 * (1 + Math.abs(fd)), p.getName() + "[" + k + "]");
                    compared++;
                }
            }
            assertTrue(compared >= 16);
        }
    }
}
