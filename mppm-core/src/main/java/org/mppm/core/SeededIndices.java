package org.mppm.core;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded choices of row indices. */
public final class SeededIndices {
    private SeededIndices() {}

    /**
     * {@code k} distinct indices of {@code 0..n-1} in draw order, by a partial Fisher-Yates shuffle
     * driven by {@code SplittableRandom(seed)}; the same seed gives the same indices.
     */
    public static int[] choose(int n, int k, long seed) {
        Checks.requireAtLeast("n", n, 0);
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("cannot choose " + k + " distinct indices of " + n);
        }
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, k);
    }
}
