// Scores every KEY-METHOD-images-idx3-ubyte.gz of a directory (e.g. the reference restorations of
// tools/dae_parity.py --write-restorations, or an mnist-restore --save-images directory) as
// mnist-restore scores its own: class-conditional FID on the features of mnist-restore's classifier
// (the fid-classifier.bin kept with its models) against the 8,000 embedded training digits, and the
// classifier's accuracy against the labels of the first N embedded test digits. Prints one line per file.
//   DIR=... CLASSIFIER=runs/models/fid-classifier.bin jshell --class-path mppm-examples/target/mppm.jar \
//       -R-Dai.djl.offline=true -R-Dai.djl.pytorch.num_threads=1 tools/score_restorations.jsh
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import java.nio.file.*;
import org.mppm.models.data.*;
import org.mppm.models.fid.*;

var dir = Paths.get(System.getenv("DIR"));
var mnist = MnistData.embedded();
var manager = NDManager.newBaseManager();
var classifier = MnistClassifier.load(Paths.get(System.getenv("CLASSIFIER")));
var fid = new ClassConditionalFid(classifier, mnist.train());
NDArray images(Path file) throws Exception {
    IdxFile idx = IdxFile.read(file);
    float[] v = new float[idx.data().length];
    for (int i = 0; i < v.length; i++) v[i] = (idx.data()[i] & 0xff) / 255f;
    return manager.create(v, new Shape(idx.dims()[0], 1, idx.dims()[1], idx.dims()[2]));
}
try (var files = Files.list(dir)) {
    for (Path f : files.sorted().filter(p -> p.getFileName().toString().endsWith("-images-idx3-ubyte.gz")).toList()) {
        NDArray x = images(f);
        int[] labels = mnist.test().head((int) x.getShape().get(0)).labels();
        System.out.printf("%-45s fid %8.2f  accuracy %.3f%n", f.getFileName(), fid.evaluate(x).classConditional(),
                classifier.accuracy(x, labels));
    }
}
/exit
