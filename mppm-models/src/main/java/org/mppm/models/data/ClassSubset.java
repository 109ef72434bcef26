package org.mppm.models.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.function.UnaryOperator;
import org.mppm.core.SeededIndices;

/**
 * One class of a labelled data set, split for a memorisation experiment (smoothing paper, latent
 * MNIST): a seeded draw of {@link #count()} of the class's training images (the model's training
 * set), all the class's images (training split, then test split) and those of them not drawn (the
 * class's manifold as the model never saw it). Holds indices only; the methods pick rows of arrays
 * laid out like the splits, rows in order. Immutable.
 */
public final class ClassSubset {
    private final int[] train;
    private final int[] test;
    private final int[] chosen;

    private ClassSubset(int[] train, int[] test, int[] chosen) {
        this.train = train;
        this.test = test;
        this.chosen = chosen;
    }

    /**
     * @param train the training split
     * @param test  the test split
     * @param label the class
     * @param count how many of the class's training images to draw, fewer than it has
     * @param seed  the draw's seed ({@link SeededIndices#choose})
     */
    public static ClassSubset of(LabelledImages train, LabelledImages test, int label, int count, long seed) {
        int[] inTrain = indicesOf(train.labels(), label);
        if (count < 1 || count >= inTrain.length) {
            throw new IllegalArgumentException("count " + count + " needs more images of class " + label + " than the "
                    + inTrain.length + " of the training split (and at least 1)");
        }
        return new ClassSubset(inTrain, indicesOf(test.labels(), label), SeededIndices.choose(inTrain.length, count, seed));
    }

    /** The number of drawn images. */
    public int count() {
        return chosen.length;
    }

    /** The number of the class's images in both splits. */
    public int classSize() {
        return train.length + test.length;
    }

    /** The class's rows of the training split's array {@code [N, ...]}: {@code [K_train, ...]}. */
    public NDArray trainRows(NDArray trainSplit) {
        return rows(trainSplit, train);
    }

    /** The class's rows of the test split's array {@code [M, ...]}: {@code [K_test, ...]}. */
    public NDArray testRows(NDArray testSplit) {
        return rows(testSplit, test);
    }

    /** The drawn rows of the class's training rows {@code [K_train, ...]} ({@link #trainRows}): {@code [count, ...]}. */
    public NDArray chosenRows(NDArray classTrainRows) {
        return rows(classTrainRows, chosen);
    }

    /** The rows not drawn of the class's rows {@code [K_train + K_test, ...]} (training, then test). */
    public NDArray unseenRows(NDArray classRows) {
        boolean[] taken = new boolean[classSize()];
        for (int c : chosen) {
            taken[c] = true;
        }
        long[] rest = LongStream.range(0, taken.length).filter(i -> !taken[(int) i]).toArray();
        return classRows.get(new NDIndex("{}", classRows.getManager().create(rest)));
    }

    /**
     * The subset in an encoder's coordinates.
     *
     * @param chosen      the drawn images {@code [count, ...]}
     * @param chosenCodes their codes {@code [count, d]} (the training codes)
     * @param classCodes  the codes of all the class's images {@code [K_train + K_test, d]} (training, then test)
     * @param unseenCodes the codes of the class's images not drawn {@code [K_train + K_test - count, d]}
     */
    public record Encoded(NDArray chosen, NDArray chosenCodes, NDArray classCodes, NDArray unseenCodes) {}

    /**
     * Encodes the subset: {@code encoder} maps images {@code [n, ...]} to codes {@code [n, d]}; the
     * splits' arrays are laid out like the splits. Results are owned by the encoder's output managers.
     */
    public Encoded encode(UnaryOperator<NDArray> encoder, NDArray trainSplit, NDArray testSplit) {
        NDArray classTrain = trainRows(trainSplit);
        NDArray chosenImages = chosenRows(classTrain);
        NDArray chosenCodes = encoder.apply(chosenImages);
        NDArray classCodes = encoder.apply(classTrain).concat(encoder.apply(testRows(testSplit)));
        return new Encoded(chosenImages, chosenCodes, classCodes, unseenRows(classCodes));
    }

    private static int[] indicesOf(int[] labels, int label) {
        return IntStream.range(0, labels.length).filter(i -> labels[i] == label).toArray();
    }

    private static NDArray rows(NDArray x, int[] index) {
        long[] idx = Arrays.stream(index).asLongStream().toArray();
        return x.get(new NDIndex("{}", x.getManager().create(idx)));
    }
}
