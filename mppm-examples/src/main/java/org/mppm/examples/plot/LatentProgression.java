package org.mppm.examples.plot;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.mppm.core.image.ImageGrid;

/** A strip of decoded latent paths: one row per sample, one column per step. */
public final class LatentProgression {
    private LatentProgression() {}

    /**
     * The grid of latent paths {@code [T + 1, k, d]}, each step decoded by {@code decode} (codes
     * {@code [T + 1, d]} to images): row s is sample s, column t is step t (0 = the start).
     */
    public static ImageGrid of(String title, UnaryOperator<NDArray> decode, NDArray paths) {
        long steps = paths.getShape().get(0);
        List<String> labels = new ArrayList<>();
        for (long t = 0; t < steps; t++) {
            labels.add(Long.toString(t));
        }
        ImageGrid.Builder grid = ImageGrid.builder().title(title).columns("step", labels).scale(2);
        for (int s = 0; s < paths.getShape().get(1); s++) {
            try (NDArray path = paths.get(":, {}, :", s); NDArray images = decode.apply(path)) {
                grid.row("sample " + (s + 1), images);
            }
        }
        return grid.build();
    }
}
