package org.mppm.examples.plot;

import ai.djl.ndarray.NDArray;
import java.awt.image.BufferedImage;
import java.util.function.UnaryOperator;
import org.mppm.core.image.ImageGrid;

/** A strip of decoded latent paths: one row per sample, one column per step. */
public final class LatentProgression {
    private LatentProgression() {}

    /** Renders latent paths {@code [T + 1, k, d]}, each step decoded by {@code decode} (codes {@code [T + 1, d]} to images). */
    public static BufferedImage of(UnaryOperator<NDArray> decode, NDArray paths) {
        ImageGrid.Builder grid = ImageGrid.builder().scale(2);
        for (int s = 0; s < paths.getShape().get(1); s++) {
            grid.row("sample " + s, decode.apply(paths.get(":, {}, :", s)));
        }
        return grid.build().render();
    }
}
