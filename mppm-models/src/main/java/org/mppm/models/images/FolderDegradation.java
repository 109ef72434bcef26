package org.mppm.models.images;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mppm.core.SampleSeeds;
import org.mppm.core.image.degrade.Degradation;

/**
 * Degrades a folder (or one picture, or an IDX file) of clean images into PNG files of another
 * folder under the inputs' names, to make test sets. Each image keeps its own size and channels
 * (grey stays grey); image i of the folder (name order) is degraded with the seed
 * {@code SampleSeeds.of(seed, i)}, so the result does not depend on batching or on resuming.
 * Same folder rules as {@link FolderRestoration}: the input is never written, existing outputs
 * are kept (resume), unreadable inputs are skipped and reported. Immutable.
 *
 * @param degradation the corruption, e.g. {@code Degradations.parse("noise-0.3")}
 * @param seed        the job's seed
 * @param progress    where each finished image is reported, if anywhere
 */
public record FolderDegradation(Degradation degradation, long seed, Optional<Progress> progress) {

    public FolderDegradation {
        Objects.requireNonNull(degradation, "degradation");
        Objects.requireNonNull(progress, "progress");
    }

    public static FolderDegradation of(Degradation degradation, long seed) {
        return new FolderDegradation(degradation, seed, Optional.empty());
    }

    public FolderDegradation withProgress(Progress p) {
        return new FolderDegradation(degradation, seed, Optional.of(Objects.requireNonNull(p, "progress")));
    }

    /**
     * Degrades the inputs of {@code input} into {@code out}.
     *
     * @throws IllegalArgumentException if {@code out} is or lies inside the input's folder
     * @throws IOException              if the input cannot be listed or an output cannot be written
     */
    public FolderReport degrade(Path input, Path out) throws IOException {
        OutputFolder.requireOutside(input, out);
        List<ImageInput> inputs = ImageInputs.list(input);
        Files.createDirectories(out);
        List<ReadFailure> failures = new ArrayList<>();
        int written = 0;
        int existing = 0;
        progress.ifPresent(p -> p.reset(degradation.key(), inputs.size()));
        progress.ifPresent(p -> p.start(0));
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int i = 0; i < inputs.size(); i++) {
                ImageInput in = inputs.get(i);
                if (Files.exists(out.resolve(in.pngName()))) {
                    existing++;
                } else {
                    try (NDManager scope = manager.newSubManager()) {
                        Optional<NDArray> clean = read(in, scope, failures);
                        if (clean.isPresent()) {
                            PngFiles.write(degradation.apply(clean.get(), SampleSeeds.of(seed, i)), List.of(in.pngName()), out);
                            written++;
                        }
                    }
                }
                progress.ifPresent(p -> p.increment(1));
            }
        } finally {
            progress.ifPresent(Progress::end);
        }
        return new FolderReport(inputs.size(), written, existing, failures);
    }

    /** The input at its own size, or empty with a failure recorded if it cannot be decoded. */
    private static Optional<NDArray> read(ImageInput in, NDManager manager, List<ReadFailure> failures) {
        try {
            return Optional.of(ImageReader.readNative(in, manager));
        } catch (IOException | RuntimeException e) {
            failures.add(new ReadFailure(in.name(), String.valueOf(e.getMessage())));
            return Optional.empty();
        }
    }
}
