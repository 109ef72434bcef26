import ai.djl.ndarray.*;
import java.nio.file.*;
import java.util.*;
import org.mppm.models.cache.ModelCache;
import org.mppm.models.data.*;
import org.mppm.models.fid.*;
import org.mppm.models.lmppm.*;
import org.mppm.models.recipes.*;

/** Trains mnist-restore's LMPPM (seed 7, 15 epochs, D_S 1e-3, clamped noise) and a classifier on the non-validation digits. */
public class Train {
    public static void main(String[] a) throws Exception {
        MnistData mnist = MnistData.embedded();
        int[] val = Split.validation(mnist.train().count(), 0.1, 7);
        Set<Integer> vs = new HashSet<>(); for (int i : val) vs.add(i);
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray train = mnist.train().images(nd);
            var builder = Recipes.mnistTable7().epochs(15).distanceRate(1e-3).clampNoise(true).build()
                    .lmppm(7, r -> System.out.println("lmppm " + r.epoch() + " " + r.trainingLoss() + " " + r.validationLoss()));
            long t0 = System.nanoTime();
            try (Lmppm m = ModelCache.loadOrFit(Path.of("/tmp/kp-diag/lmppm"), builder.config(), Lmppm::load,
                    () -> builder.fit(train), Lmppm::save)) {
                System.out.println("lmppm done " + (System.nanoTime() - t0) / 1e9 + " s, sigma_ker " + m.config().kernelBandwidth());
            }
            LabelledImages tr = Split.rows(mnist.train(), vs, false);
            try (MnistClassifier c = MnistClassifier.loadOrTrain(Path.of("/tmp/kp-diag/classifier.bin"), tr, FidClassifierConfig.defaults())) {
                System.out.println("classifier on val " + c.accuracy(Split.rows(mnist.train(), vs, true)));
            }
        }
    }
}
