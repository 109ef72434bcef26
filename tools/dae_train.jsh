// mppm's DAE alone, as mnist-restore trains it (MnistRecipe.dae on the embedded 8,000 digits), restoring
// the degraded sets of an `mppm mnist-restore --save-images` directory; writes KEY-dae-images-idx3-ubyte.gz
// and the clean digits to OUT, to be scored with `tools/dae_parity.py --score-only --degraded OUT`.
// (jshell reads a statement per line: continuation lines must not start with a dot.)
// Environment: DEGRADED (dir), OUT (dir), SEED (7), EPOCHS (15), CLAMP (1), VALIDATION (the recipe's default when unset).
//   DEGRADED=... OUT=... jshell --class-path mppm-examples/target/mppm.jar -R-Dai.djl.offline=true \
//       -R-Dai.djl.pytorch.num_threads=1 tools/dae_train.jsh
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import java.nio.file.*;
import org.mppm.models.data.*;
import org.mppm.models.dae.Dae;
import org.mppm.models.recipes.Recipes;

var env = System.getenv();
var degraded = Paths.get(env.get("DEGRADED"));
var out = Paths.get(env.get("OUT"));
Files.createDirectories(out);
long seed = Long.parseLong(env.getOrDefault("SEED", "7"));
var recipe = Recipes.mnistTable7().epochs(Integer.parseInt(env.getOrDefault("EPOCHS", "15"))).clampNoise(env.getOrDefault("CLAMP", "1").equals("1")).build();
var manager = NDManager.newBaseManager();
NDArray images(Path file) throws Exception {
    IdxFile idx = IdxFile.read(file);
    float[] v = new float[idx.data().length];
    for (int i = 0; i < v.length; i++) v[i] = (idx.data()[i] & 0xff) / 255f;
    return manager.create(v, new Shape(idx.dims()[0], 1, idx.dims()[1], idx.dims()[2]));
}
var builder = recipe.dae(seed, r -> System.out.printf("epoch %d train %.4f validation %.4f%s%n", r.epoch(),
        r.trainingLoss() / 784, r.validationLoss() / 784, r.improved() ? " *" : ""));
if (env.containsKey("VALIDATION")) builder.validationFraction(Double.parseDouble(env.get("VALIDATION")));
long t0 = System.nanoTime();
var dae = builder.fit(MnistData.embedded().train().images(manager));
System.out.printf("trained in %.0f s%n", (System.nanoTime() - t0) / 1e9);
Files.copy(degraded.resolve("clean-images-idx3-ubyte.gz"), out.resolve("clean-images-idx3-ubyte.gz"), StandardCopyOption.REPLACE_EXISTING);
try (var files = Files.list(degraded)) {
    for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-degraded-images-idx3-ubyte.gz")).toList()) {
        String key = f.getFileName().toString().replace("-degraded-images-idx3-ubyte.gz", "");
        IdxFile.fromImages(dae.restore(images(f))).write(out.resolve(key + "-dae-images-idx3-ubyte.gz"));
    }
}
/exit
