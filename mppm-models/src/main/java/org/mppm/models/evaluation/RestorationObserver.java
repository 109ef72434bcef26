package org.mppm.models.evaluation;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sees a {@link RestorationEvaluation} at work: the degraded and restored images of each degradation
 * (for figures, saved images or ablations) and its scores. The arrays belong to the evaluation and
 * stay valid until {@link #finished} of their degradation returns; an observer must not close them
 * and copies ({@code duplicate()}) what it keeps longer. Calls come from the evaluating thread, in
 * order: for each degradation {@code degraded}, then {@code restored} once per method, then
 * {@code finished}.
 */
public interface RestorationObserver {
    /** Sees nothing. */
    RestorationObserver NONE = new RestorationObserver() { };

    /** The degraded test images {@code [N, C, H, W]} of the degradation {@code degradation}. */
    default void degraded(String degradation, NDArray degraded) {}

    /** Method {@code method}'s restoration {@code [N, C, H, W]} of them. */
    default void restored(String degradation, String method, NDArray restored) {}

    /** The degradation is done: the degraded images' own score and each method's, in the methods' order. */
    default void finished(String degradation, Score degraded, Map<String, Score> methods) {}

    /** Each of {@code observers}, in order. */
    static RestorationObserver all(RestorationObserver... observers) {
        List<RestorationObserver> list = List.of(observers);
        return new RestorationObserver() {
            @Override
            public void degraded(String degradation, NDArray degraded) {
                list.forEach(o -> o.degraded(degradation, degraded));
            }

            @Override
            public void restored(String degradation, String method, NDArray restored) {
                list.forEach(o -> o.restored(degradation, method, restored));
            }

            @Override
            public void finished(String degradation, Score degraded, Map<String, Score> methods) {
                list.forEach(o -> o.finished(degradation, degraded, methods));
            }
        };
    }

    /**
     * Writes one figure per degradation, {@code dir/grid-<degradation>.png}, titled with the
     * degradation: rows "clean" (the first {@code shown} of the originals {@code [N, C, H, W]}),
     * "degraded", then the restorations by {@code methods} (in the evaluation's order, each labelled
     * with its key in upper case, e.g. "LMPPM"); columns are the test images 1 to {@code shown}, each
     * pixel {@code scale} x {@code scale}; see {@link org.mppm.core.image.ImageGrid}.
     */
    static RestorationObserver grids(Path dir, NDArray clean, Collection<String> methods, int shown, int scale) {
        return new RestorationGrids(dir, clean, methods, shown, scale);
    }

    /**
     * Hands the degraded images to {@code sink} as {@code <degradation>-degraded} and the restorations
     * by {@code methods} as {@code <degradation>-<method>} (e.g. to save them as files).
     */
    static RestorationObserver saving(ImageSink sink, Collection<String> methods) {
        Objects.requireNonNull(sink, "sink");
        List<String> kept = List.copyOf(methods);
        return new RestorationObserver() {
            @Override
            public void degraded(String degradation, NDArray degraded) {
                sink.accept(degradation + "-degraded", degraded);
            }

            @Override
            public void restored(String degradation, String method, NDArray restored) {
                if (kept.contains(method)) {
                    sink.accept(degradation + "-" + method, restored);
                }
            }
        };
    }

    /** Receives named image batches {@code [N, C, H, W]}, valid during the call. */
    @FunctionalInterface
    interface ImageSink {
        void accept(String name, NDArray images);
    }
}
