package org.mppm.models.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.mppm.core.Checks;

/**
 * A deterministic seeded split of a batch {@code [N, ...]} (e.g. images {@code [N, C, H, W]}) into a
 * training part {@code [N - T, ...]} and a test part {@code [T, ...]}: a uniformly random set of T
 * indices (Fisher-Yates with {@code SplittableRandom(seed)}) is the test part; both parts keep the
 * batch's order. Both parts belong to the batch's manager; {@link #close()} frees them.
 *
 * @param train the training rows {@code [N - T, ...]}
 * @param test the test rows {@code [T, ...]}
 * @param trainIndices ascending row indices of {@code train} in the batch
 * @param testIndices ascending row indices of {@code test} in the batch
 */
public record TrainTestSplit(NDArray train, NDArray test, int[] trainIndices, int[] testIndices)
        implements AutoCloseable {

    /** Splits off {@code testCount} rows, {@code 1 <= testCount <= N - 1}, chosen by {@code seed}. */
    public static TrainTestSplit of(NDArray batch, int testCount, long seed) {
        Checks.requireBatch("batch to split", batch);
        long n = batch.getShape().get(0);
        if (n < 2 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a train/test split needs 2 .. 2^31 - 1 rows; got shape "
                    + batch.getShape());
        }
        int[][] parts = indices((int) n, testCount, seed);
        return new TrainTestSplit(rows(batch, parts[0]), rows(batch, parts[1]), parts[0], parts[1]);
    }

    /**
     * Splits off {@code round(testFraction N)} rows (at least 1, at most N - 1), testFraction in
     * (0, 1).
     */
    public static TrainTestSplit ofFraction(NDArray batch, double testFraction, long seed) {
        Checks.requireOpen("test fraction", testFraction, 0, 1);
        Checks.requireBatch("batch to split", batch);
        long n = batch.getShape().get(0);
        int testCount = (int) Math.max(1, Math.min(n - 1, Math.round(testFraction * n)));
        return of(batch, testCount, seed);
    }

    /**
     * The split of row indices 0 .. n - 1: {@code {train, test}}, each ascending, test of size
     * {@code testCount} (1 .. n - 1).
     */
    public static int[][] indices(int n, int testCount, long seed) {
        if (n < 2) {
            throw new IllegalArgumentException("a train/test split needs at least 2 rows; got " + n);
        }
        if (testCount < 1 || testCount > n - 1) {
            throw new IllegalArgumentException("test size must be in 1.." + (n - 1) + " for " + n + " rows; got "
                    + testCount);
        }
        int[] p = new int[n];
        Arrays.setAll(p, i -> i);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        int[] test = Arrays.copyOfRange(p, 0, testCount);
        int[] train = Arrays.copyOfRange(p, testCount, n);
        Arrays.sort(test);
        Arrays.sort(train);
        return new int[][] {train, test};
    }

    /** Number of training rows. */
    public int trainCount() {
        return trainIndices.length;
    }

    /** Number of test rows. */
    public int testCount() {
        return testIndices.length;
    }

    @Override
    public void close() {
        train.close();
        test.close();
    }

    private static NDArray rows(NDArray batch, int[] index) {
        NDManager owner = batch.getManager();
        try (NDManager scope = owner.newSubManager()) {
            NDArray idx = scope.create(Arrays.stream(index).asLongStream().toArray());
            NDArray out = batch.get(idx);
            out.attach(owner);
            return out;
        }
    }
}
