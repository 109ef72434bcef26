import ai.djl.ndarray.*;
import ai.djl.ndarray.index.NDIndex;
import java.nio.file.*;
import java.util.*;
import org.mppm.core.*;
import org.mppm.core.density.*;
import org.mppm.core.image.degrade.*;
import org.mppm.core.image.metrics.Ssim;
import org.mppm.models.data.*;
import org.mppm.models.fid.*;
import org.mppm.models.lmppm.*;
import org.mppm.samplers.mppm.*;

/** Algorithm 2 variants on the validation digits (never the test digits): class accuracy, SSIM, MSE per step count. */
public class Eval {
    static MnistClassifier cls; static int[] labels; static NDArray clean; static Lmppm m; static LatentEncoding enc;
    static int[] STEPS = {4, 8, 16, 32};
    static int limit;

    public static void main(String[] a) throws Exception {
        limit = a.length > 0 ? Integer.parseInt(a[0]) : 800;
        MnistData mnist = MnistData.embedded();
        int[] val = Arrays.copyOf(Split.validation(mnist.train().count(), 0.1, 7), limit);
        Set<Integer> vs = new HashSet<>(); for (int i : Split.validation(mnist.train().count(), 0.1, 7)) vs.add(i);
        LabelledImages vimg = Split.rows(mnist.train(), new HashSet<>(Arrays.stream(val).boxed().toList()), true);
        labels = vimg.labels();
        try (NDManager nd = NDManager.newBaseManager()) {
            cls = MnistClassifier.load(Path.of("/tmp/kp-models/fid-classifier.bin"));
            m = Lmppm.load(Path.of("/tmp/kp-diag/lmppm"));
            clean = vimg.images(nd);
            // the kernel over the codes of the training part only (the validation digits' own codes excluded)
            long[] keep = java.util.stream.IntStream.range(0, mnist.train().count()).filter(i -> !vs.contains(i)).asLongStream().toArray();
            NDArray codes = m.codes().get(nd.create(keep));
            NDArray mu = codes.mean(new int[] {0}, true);
            NDArray sd = codes.sub(mu).square().mean(new int[] {0}, true).sqrt();
            NDArray std = codes.sub(mu).div(sd);
            double rawSigma = m.config().kernelBandwidth();
            double rawFit = NeighbourBandwidth.forPerplexity(codes, 5, 1000, 7);
            double stdSigma = NeighbourBandwidth.forPerplexity(std, 5, 1000, 7);
            System.out.printf("sigma raw (model) %.4f raw(train part) %.4f std %.4f sd range %.3f..%.3f%n", rawSigma, rawFit, stdSigma,
                    sd.min().getFloat(), sd.max().getFloat());
            for (double noise : new double[] {0.5, 0.7}) {
                NDArray deg = new GaussianNoise(noise).apply(clean, 1234);
                System.out.printf("== noise %.1f: degraded acc %.3f ssim %.3f%n", noise, cls.accuracy(deg, labels), Ssim.gaussian().mean(deg, clean));
                enc = m.manifold().chartWithContext(deg);
                report("G(F(x))", enc.decode(enc.code()));
                run("no kernel a.15", null, 0.15, 0);
                run("no kernel a.3", null, 0.3, 0);
                for (double f : new double[] {0.5, 1, 2}) {
                    GaussianKernelDensity raw = GaussianKernelDensity.of(codes, rawFit * f);
                    run("raw x" + f + " a.15 b.1", raw::kernelMean, 0.15, 0.1);
                }
                for (double f : new double[] {0.5, 1, 2}) {
                    GaussianKernelDensity k = GaussianKernelDensity.of(std, stdSigma * f);
                    PullTarget t = z -> k.kernelMean(z.sub(mu).div(sd)).mul(sd).add(mu);
                    run("std x" + f + " a.15 b.1", t, 0.15, 0.1);
                    run("std x" + f + " a.15 b.03", t, 0.15, 0.03);
                    run("std x" + f + " a.05 b.05", t, 0.05, 0.05);
                }
                enc.close();
            }
        }
    }

    static void run(String name, PullTarget t, double alpha, double beta) {
        var b = LatentMppmProjector.builder().autoencoder(m.manifold()).distance(m.distance()).alpha(alpha).beta(beta)
                .steps(STEPS[STEPS.length - 1]).recordTrajectory(true);
        b = t == null ? b.pullTowards(z -> z) : b.pullTowards(t);
        long t0 = System.nanoTime();
        try (Projection p = b.build().projectCodes(enc.code())) {
            NDArray path = p.trajectory().orElseThrow();
            for (int s : STEPS) {
                report(name + " n" + s, enc.decode(path.get(s)));
            }
        }
        System.out.printf("   (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
    }

    static void report(String name, NDArray x) {
        double acc = cls.accuracy(x, labels);
        double ssim = Ssim.gaussian().mean(x, clean);
        double mse = x.sub(clean).square().mean().getFloat();
        System.out.printf("%-28s acc %.3f ssim %.3f mse %.4f%n", name, acc, ssim, mse);
        x.close();
    }
}
