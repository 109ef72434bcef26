package org.mppm.models.images;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mppm.core.Checks;
import org.mppm.core.Chunking;
import org.mppm.core.Restorer;

/**
 * Restores a folder (or one picture, or an IDX file) of degraded images into PNG files of another
 * folder, under the inputs' names ({@link ImageInput#pngName()}):
 *
 * <pre>{@code
 * try (SavedModels.Opened model = SavedModels.open(Path.of("my-model"))) {
 *     FolderReport report = FolderRestoration.of(model.restorer(), model.sampleShape())
 *             .restore(Path.of("degraded"), Path.of("restored"));
 * }
 * }</pre>
 *
 * <ul>
 *   <li>Each input is read as the restorer's {@code (C, H, W)} by the {@link SizePolicy} (default
 *       {@link SizePolicy#CROP_RESIZE}); the output has that size.</li>
 *   <li>The input folder is never written ({@link OutputFolder#requireOutside}).</li>
 *   <li>Resumable: an input whose output file exists is skipped; outputs are written atomically,
 *       so a killed run leaves only whole files, and running again finishes the job.</li>
 *   <li>Unreadable inputs are skipped and listed in the {@link FolderReport}.</li>
 *   <li>Runs in batches of {@link #batchSize()} images (bounded memory), reporting each written
 *       image to the optional {@link Progress}. Image i of the folder (name order) is sample i of the
 *       restorer's job ({@link Restorer#restoreRows}), so a stochastic restorer gives it the same
 *       noise whether the run is resumed or not.</li>
 * </ul>
 * Immutable; the {@code with} methods return changed copies.
 */
public final class FolderRestoration {
    /** The default batch size. */
    public static final int DEFAULT_BATCH = 64;

    private final Restorer restorer;
    private final Shape sampleShape;
    private final SizePolicy policy;
    private final int batchSize;
    private final Optional<Progress> progress;
    private final int threads;

    private FolderRestoration(Restorer restorer, Shape sampleShape, SizePolicy policy, int batchSize, Optional<Progress> progress,
            int threads) {
        this.restorer = Objects.requireNonNull(restorer, "restorer");
        this.sampleShape = Objects.requireNonNull(sampleShape, "sampleShape");
        ImageFormat.of(sampleShape, SizePolicy.RESIZE);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.batchSize = Checks.requireAtLeast("batchSize", batchSize, 1);
        this.progress = progress;
        this.threads = Checks.requireAtLeast("threads", threads, 1);
    }

    /** Restores with {@code restorer}, whose images are {@code sampleShape = (C, H, W)}. */
    public static FolderRestoration of(Restorer restorer, Shape sampleShape) {
        return new FolderRestoration(restorer, sampleShape, SizePolicy.CROP_RESIZE, DEFAULT_BATCH, Optional.empty(), 1);
    }

    public FolderRestoration withPolicy(SizePolicy p) {
        return new FolderRestoration(restorer, sampleShape, p, batchSize, progress, threads);
    }

    public FolderRestoration withBatchSize(int n) {
        return new FolderRestoration(restorer, sampleShape, policy, n, progress, threads);
    }

    public FolderRestoration withProgress(Progress p) {
        return new FolderRestoration(restorer, sampleShape, policy, batchSize, Optional.of(Objects.requireNonNull(p, "progress")),
                threads);
    }

    /**
     * Restores each batch in up to {@code n} parallel chunks on the one shared restorer
     * ({@link Chunking#withThreads}); the files are the same bits for every n. Default 1.
     */
    public FolderRestoration withThreads(int n) {
        return new FolderRestoration(restorer, sampleShape, policy, batchSize, progress, n);
    }

    public int threads() {
        return threads;
    }

    public int batchSize() {
        return batchSize;
    }

    public SizePolicy policy() {
        return policy;
    }

    /**
     * Restores the inputs of {@code input} ({@link ImageInputs#list}) into {@code out}.
     *
     * @throws IllegalArgumentException if {@code out} is or lies inside the input's folder
     * @throws IOException              if the input cannot be listed or an output cannot be written
     */
    public FolderReport restore(Path input, Path out) throws IOException {
        OutputFolder.requireOutside(input, out);
        List<ImageInput> inputs = ImageInputs.list(input);
        ImageFormat format = ImageFormat.of(sampleShape, policy);
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (!Files.exists(out.resolve(inputs.get(i).pngName()))) {
                todo.add(i);
            }
        }
        int existing = inputs.size() - todo.size();
        Files.createDirectories(out);
        List<ReadFailure> failures = new ArrayList<>();
        int written = 0;
        progress.ifPresent(p -> p.reset("restore", todo.size()));
        progress.ifPresent(p -> p.start(0));
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int from = 0; from < todo.size(); from += batchSize) {
                List<Integer> block = todo.subList(from, Math.min(todo.size(), from + batchSize));
                written += restoreBlock(inputs, block, format, manager, out, failures);
                progress.ifPresent(p -> p.increment(block.size()));
            }
        } finally {
            progress.ifPresent(Progress::end);
        }
        return new FolderReport(inputs.size(), written, existing, failures);
    }

    /**
     * Restores a block of inputs; consecutive runs of readable inputs are restored together, each
     * as the samples of its folder indices.
     */
    private int restoreBlock(List<ImageInput> inputs, List<Integer> block, ImageFormat format, NDManager manager, Path out,
            List<ReadFailure> failures) throws IOException {
        List<ImageInput> chunk = new ArrayList<>();
        for (int i : block) {
            chunk.add(inputs.get(i));
        }
        try (NDManager scope = manager.newSubManager(); ImageRead read = ImageReader.read(chunk, format, scope)) {
            failures.addAll(read.failures());
            if (read.batch().isEmpty()) {
                return 0;
            }
            NamedImages batch = read.batch().get();
            List<String> names = batch.names();
            int row = 0;
            int written = 0;
            // rows of one contiguous run of folder indices share one restoreRows call
            while (row < names.size()) {
                int first = indexOf(inputs, block, names.get(row));
                int end = row + 1;
                while (end < names.size() && indexOf(inputs, block, names.get(end)) == first + (end - row)) {
                    end++;
                }
                NDArray degraded = batch.images().get("{}:{}", row, end);
                NDArray restored = restorer.restore(degraded, first, Chunking.of(batchSize).withThreads(threads));
                List<String> outNames = new ArrayList<>();
                for (int r = row; r < end; r++) {
                    outNames.add(inputs.get(first + r - row).pngName());
                }
                PngFiles.write(restored, outNames, out);
                written += end - row;
                row = end;
            }
            return written;
        }
    }

    private static int indexOf(List<ImageInput> inputs, List<Integer> block, String name) {
        for (int i : block) {
            if (inputs.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("read an input not asked for: " + name);
    }
}
