package org.mppm.models.evaluation;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.mppm.core.image.ImageGrid;

/** The figures of {@link RestorationObserver#grids}. */
final class RestorationGrids implements RestorationObserver {
    private final Path dir;
    private final NDArray clean;
    private final List<String> methods;
    private final int shown;
    private final int scale;
    private ImageGrid.Builder grid;
    private ImageGrid last;

    RestorationGrids(Path dir, NDArray clean, Collection<String> methods, int shown, int scale) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.clean = Objects.requireNonNull(clean, "clean");
        this.methods = List.copyOf(methods);
        if (shown < 1 || scale < 1) {
            throw new IllegalArgumentException("shown and scale must be >= 1, got " + shown + ", " + scale);
        }
        this.shown = shown;
        this.scale = scale;
    }

    @Override
    public void degraded(String degradation, NDArray degraded) {
        grid = ImageGrid.builder().scale(scale).title("restorations of the first test images, degradation " + degradation)
                .columns("test image");
        row("clean", clean);
        row("degraded", degraded);
    }

    @Override
    public void restored(String degradation, String method, NDArray restored) {
        if (methods.contains(method)) {
            row(label(method), restored);
        }
    }

    @Override
    public void finished(String degradation, Score degraded, Map<String, Score> scores) {
        try {
            Files.createDirectories(dir);
            last = grid.build();
            last.writePng(dir.resolve("grid-" + degradation + ".png"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the figure of " + degradation + " to " + dir, e);
        }
    }

    /** The figure written last (null before the first degradation finished). */
    ImageGrid last() {
        return last;
    }

    /** The row label of a method key: upper case ({@code lmppm} is drawn "LMPPM"). */
    static String label(String method) {
        return method.toUpperCase(Locale.ROOT);
    }

    private void row(String name, NDArray images) {
        try (NDArray first = images.get("0:{}", Math.min(shown, images.getShape().get(0)))) {
            grid.row(name, first);
        }
    }
}
