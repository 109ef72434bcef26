package org.mppm.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mppm.core.Projection;
import org.mppm.models.data.MnistData;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.nn.AutoencoderSpec;
import org.mppm.samplers.mppm.LatentMppmProjector;

/**
 * {@code bench --part soak}: memory over many restore calls with one loaded model. Trains a small
 * Table 7 LMPPM on 1,000 embedded digits (one epoch), saves and loads it, then restores a batch of
 * {@code --batch} digits (Algorithm 2, 16 steps) {@code --iterations} times (e.g. 10,000), each
 * result closed by the caller. Reports the resident set size, the Java heap after a collection and
 * the number of live arrays (in the caller's manager and in the model's) after the warm-up calls and
 * at the end, plus the RSS at every tenth of the calls: flat numbers mean no call leaks.
 */
public final class SoakBench implements BenchPart {
    private static final int TRAIN = 1_000;

    @Override
    public Map<String, Object> run(BenchSettings settings) {
        Map<String, Object> out = new LinkedHashMap<>();
        Path dir;
        try {
            dir = Files.createTempDirectory("mppm-soak-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path saved = dir.resolve("lmppm");
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray digits = MnistData.embedded().train().head(TRAIN).images(nd);
            try (Lmppm fitted = Lmppm.builder().autoencoder(AutoencoderSpec.mnistCnn(18)).epochs(1).batchSize(128)
                    .seed(settings.seed()).kernelBandwidth(0.5).fit(digits)) {
                fitted.save(saved);
            }
            try (Lmppm model = Lmppm.load(saved)) {
                LatentMppmProjector restorer = model.restoration().steps(16).build();
                NDArray x = digits.get("0:{}", settings.batch());
                for (int i = 0; i < settings.warmup(); i++) {
                    restore(restorer, x);
                }
                NDManager modelManager = model.codes().getManager();
                out.put("calls", settings.iterations());
                out.put("batch", settings.batch());
                out.put("rssStartMiB", ProcessMemory.residentMiB());
                out.put("heapStartMiB", heapAfterGcMiB());
                out.put("callerArraysStart", nd.getManagedArrays().size());
                out.put("modelArraysStart", modelManager.getManagedArrays().size());
                List<Double> trace = new ArrayList<>();
                int tenth = Math.max(1, settings.iterations() / 10);
                long start = System.nanoTime();
                for (int i = 1; i <= settings.iterations(); i++) {
                    restore(restorer, x);
                    if (i % tenth == 0) {
                        trace.add(ProcessMemory.residentMiB());
                    }
                }
                out.put("seconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
                out.put("rssEndMiB", ProcessMemory.residentMiB());
                out.put("heapEndMiB", heapAfterGcMiB());
                out.put("callerArraysEnd", nd.getManagedArrays().size());
                out.put("modelArraysEnd", modelManager.getManagedArrays().size());
                out.put("rssEveryTenthMiB", trace);
            }
        } finally {
            deleteQuietly(dir);
        }
        out.put("peakMemoryMiB", ProcessMemory.peakMiB());
        return out;
    }

    private static void restore(LatentMppmProjector restorer, NDArray x) {
        try (Projection p = restorer.project(x)) {
            p.result().getShape();
        }
    }

    /** The Java heap in use after a collection: the part of the RSS that is the JVM's own objects. */
    static double heapAfterGcMiB() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return Math.round((runtime.totalMemory() - runtime.freeMemory()) / 104857.6) / 10.0;
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: nothing to do
        }
    }
}
