package org.mppm.models.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
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

    private static int[] indicesOf(int[] labels, int label) {
        return IntStream.range(0, labels.length).filter(i -> labels[i] == label).toArray();
    }

    private static NDArray rows(NDArray x, int[] index) {
        long[] idx = Arrays.stream(index).asLongStream().toArray();
        return x.get(new NDIndex("{}", x.getManager().create(idx)));
    }
}
