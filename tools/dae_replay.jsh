// Controlled DAE replay: mppm's Table 7 autoencoder, DAE loss and Adam, trained from PyTorch's
// initial weights on PyTorch's exact batches (noisy input, clean target, same order), as written by
//   /usr/bin/python3 tools/dae_parity.py --export-steps /tmp/replay.npz --steps 120 --validation 0
// Prints, per step, PyTorch's loss (pixel mean) and mppm's (DaeLoss's per-sample sum / 784), and
// the largest parameter difference after the last step. Run with
//   REPLAY=/tmp/replay.npz jshell --class-path mppm-examples/target/mppm.jar -R-Dai.djl.offline=true \
//       -R-Dai.djl.pytorch.num_threads=1 tools/dae_replay.jsh
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.nn.Parameter;
import java.nio.file.*;
import java.util.*;
import org.mppm.core.SeededNoise;
import org.mppm.models.nn.*;
import org.mppm.models.train.*;

var file = Paths.get(System.getenv().getOrDefault("REPLAY", "/tmp/daeparity-replay.npz"));
var manager = NDManager.newBaseManager();
NDList saved;
try (var in = Files.newInputStream(file)) { saved = NDList.decode(manager, in); }
Map<String, NDArray> npz = new LinkedHashMap<>();
for (NDArray a : saved) npz.put(a.getName(), a);
var names = Map.of("conv1", "enc.0", "conv2", "enc.2", "toLatent", "enc.5", "fromLatent", "lin", "deconv1", "dec.0", "deconv2", "dec.2");
float perturb = Float.parseFloat(System.getenv().getOrDefault("PERTURB", "0"));
// MEAN=1: the loss as a pixel mean (PyTorch's scale) instead of DaeLoss's per-sample sum
float lossScale = System.getenv().getOrDefault("MEAN", "0").equals("1") ? 784f : 1f;
var ae = new MnistConvAutoencoder(18);
SeededInitializer.initialize(ae, manager, DataType.FLOAT32, new SeededNoise(0), new Shape(1, 1, 28, 28));
String torchName(String djl) {
    int cut = djl.lastIndexOf('_');
    return names.get(djl.substring(2, cut)) + "." + djl.substring(cut + 1); // DJL keys: "01conv1_weight"
}
for (var p : ae.getParameters()) {
    NDArray source = npz.get("init." + torchName(p.getKey()));
    if (!source.getShape().equals(p.getValue().getArray().getShape())) throw new IllegalStateException(p.getKey() + " " + source.getShape());
    // PERTURB=eps scales the initial weights by (1 + eps): how far float rounding alone moves the curve
    p.getValue().getArray().set(source.mul(1 + perturb).toByteBuffer());
}
var store = Stores.direct();
Objective objective = (batch, training, random) -> {
    NDArray noisy = batch.get(":, 0:1");
    NDArray clean = batch.get(":, 1:2");
    NDArray restored = ae.decode(store, ae.encode(store, noisy, training), training);
    long b = clean.getShape().get(0);
    return new LossTerms().add("l2", restored.sub(clean).square().reshape(b, -1).sum(new int[] {1}).mean().div(lossScale));
};
var groups = List.of(ParameterGroup.adam("autoencoder", ae, 1e-3, 0));
long[] sizes = npz.get("sizes").toLongArray();
double[] torchLosses = npz.get("losses").toDoubleArray();
NDArray noisyAll = npz.get("noisy");
NDArray cleanAll = npz.get("clean");
long start = 0;
double worst = 0;
for (int s = 0; s < sizes.length; s++) {
    try (NDManager scope = manager.newSubManager()) {
        NDArray batch = noisyAll.get(start + ":" + (start + sizes[s])).concat(cleanAll.get(start + ":" + (start + sizes[s])), 1);
        batch.attach(scope);
        double loss = Fitter.trainStep(objective, batch, groups, new SeededNoise(0)).total().getFloat() * lossScale / 784.0;
        worst = Math.max(worst, Math.abs(loss - torchLosses[s]) / torchLosses[s]);
        if (s < 5 || s % 10 == 9) System.out.printf("step %3d  torch %.6f  mppm %.6f  rel %.2e%n", s + 1, torchLosses[s], loss, (loss - torchLosses[s]) / torchLosses[s]);
    }
    start += sizes[s];
}
System.out.printf("largest relative loss difference over %d steps: %.2e%n", sizes.length, worst);
for (var p : ae.getParameters()) {
    NDArray expected = npz.get("final." + torchName(p.getKey()));
    double diff = p.getValue().getArray().sub(expected).abs().max().getFloat();
    double scale = expected.abs().max().getFloat();
    System.out.printf("%-20s max |mppm - torch| %.2e (max |torch| %.2e)%n", p.getKey(), diff, scale);
}
/exit
