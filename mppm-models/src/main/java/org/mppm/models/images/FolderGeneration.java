package org.mppm.models.images;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mppm.core.Checks;
import org.mppm.core.NoGrad;
import org.mppm.core.Sampler;

/**
 * Writes {@code count} samples of an image {@link Sampler} as {@code 000000.png}, {@code 000001.png},
 * ... into a folder: file i is sample i of the stream {@code seed}, so an interrupted run resumes
 * (existing files are kept, the rest written) with the same images. Batches of {@code batchSize}
 * samples, each file written atomically; progress in samples. Immutable.
 *
 * @param sampler   draws {@code [B, C, H, W]} (C = 1 or 3; values clipped to [0, 1] when written)
 * @param batchSize samples drawn together, {@code >= 1}
 * @param progress  where written samples are reported, if anywhere
 */
public record FolderGeneration(Sampler sampler, int batchSize, Optional<Progress> progress) {

    public FolderGeneration {
        Objects.requireNonNull(sampler, "sampler");
        Checks.requireAtLeast("batchSize", batchSize, 1);
        Objects.requireNonNull(progress, "progress");
    }

    public static FolderGeneration of(Sampler sampler) {
        return new FolderGeneration(sampler, FolderRestoration.DEFAULT_BATCH, Optional.empty());
    }

    public FolderGeneration withBatchSize(int n) {
        return new FolderGeneration(sampler, n, progress);
    }

    public FolderGeneration withProgress(Progress p) {
        return new FolderGeneration(sampler, batchSize, Optional.of(Objects.requireNonNull(p, "progress")));
    }

    /** Writes samples {@code 0 .. count - 1} of the stream {@code seed} into {@code out}; existing files are kept. */
    public FolderReport generate(int count, long seed, Path out) throws IOException {
        Checks.requireAtLeast("count", count, 1);
        Files.createDirectories(out);
        int existing = 0;
        int written = 0;
        progress.ifPresent(p -> p.reset("generate", count));
        progress.ifPresent(p -> p.start(0));
        try (NoGrad inference = NoGrad.enter(); NDManager manager = NDManager.newBaseManager()) {
            int first = 0;
            while (first < count) {
                if (Files.exists(out.resolve(PngFiles.numbered(first)))) {
                    existing++;
                    first++;
                    progress.ifPresent(p -> p.increment(1));
                    continue;
                }
                int end = first + 1; // a run of missing files, at most one batch
                while (end < count && end - first < batchSize && !Files.exists(out.resolve(PngFiles.numbered(end)))) {
                    end++;
                }
                try (NDManager scope = manager.newSubManager()) {
                    NDArray samples = sampler.sampleRows(scope, seed, first, end - first);
                    PngFiles.writeNumbered(samples, first, out);
                }
                written += end - first;
                int done = end - first;
                progress.ifPresent(p -> p.increment(done));
                first = end;
            }
        } finally {
            progress.ifPresent(Progress::end);
        }
        return new FolderReport(count, written, existing, List.of());
    }
}
