package org.mppm.examples;

import com.google.gson.Gson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.examples.bench.BenchPart;
import org.mppm.examples.bench.BenchSettings;
import org.mppm.examples.bench.ConvTransposeBench;
import org.mppm.examples.bench.DaeBench;
import org.mppm.examples.bench.LdmBench;
import org.mppm.examples.bench.LmppmBench;
import org.mppm.examples.bench.SgemmBench;
import org.mppm.examples.bench.SoakBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mppm bench --part NAME}: times one part and prints one JSON line. Parts:
 * {@code lmppm} (the default; {@link LmppmBench}: Eq. 14 training and Algorithm 2 restoration over
 * 2,000 and 8,000 codes, the peer's workload), {@code dae} ({@link DaeBench}) and {@code ldm}
 * ({@link LdmBench}: the baselines' restorations at batch 256), {@code sgemm} ({@link SgemmBench}:
 * the machine's float32 matrix-product rate alone), {@code convtranspose} ({@link ConvTransposeBench}:
 * both exact transposed-convolution forms on Table 7's shapes and the Table 7 autoencoder's training step,
 * samples/s), {@code soak} ({@link SoakBench}: memory and live arrays over many restore calls of
 * one loaded model, e.g. {@code --part soak --iterations 10000 --batch 8}). Each part is a
 * {@link BenchPart}; warm-up runs are untimed, rates are the timed runs' samples over their total
 * time (the eager-PyTorch peer's statistic), a part of a call is timed by its median run.
 *
 * <p>Every line starts with {@code part}, {@code threads} (the engine's intra-op threads in
 * effect) and {@code sgemmGflops} (measured after the part, {@link SgemmBench#ROOFLINE}), so a
 * result carries its own roofline, then {@code chunkThreads}, {@code allocator} (the native
 * malloc: glibc's, or tcmalloc or jemalloc when preloaded), {@code mallocArenas} (glibc's arenas at the
 * end of the run, 1 under the {@code mppm} launcher, {@link org.mppm.core.MallocArenas}), {@code hugePages} (whether the engine's
 * large tensors are on transparent huge pages, {@link org.mppm.core.HugePages}) and {@code nativeKernels}
 * ({@code avx2+fma} where the kernel mean of Eq. 15 runs natively, else why not) and
 * {@code torchScriptForms} ({@code available} where the transposed convolutions can run libtorch's
 * own operations, else why not); the part's fields follow. A restoration
 * part with {@code --chunk-threads N} restores N batches per run, one chunk per thread at once. The engine fixes its threads when it
 * starts, so the thread count is chosen per process: {@code JAVA_OPTS=-Dai.djl.pytorch.num_threads=2
 * mppm bench --part dae} (the program's default is 1; {@code mppm} is the launcher, which keeps glibc's
 * malloc on one arena). {@code tools/bench_rounds.sh}
 * runs the parts at 1 and 2 threads alternating with the eager-PyTorch peer, and
 * {@code tools/bench_summary.py} turns its lines into a table of medians with ranges.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Speed benchmarks; prints one JSON line: part, threads, sgemmGflops (this machine's float32 "
                + "matrix-product rate, the roofline), chunkThreads, allocator (the native malloc), mallocArenas (glibc's arenas), hugePages (large tensors on transparent huge pages), nativeKernels "
                + "(avx2+fma where the kernel mean runs natively), torchScriptForms (available where the transposed "
                + "convolutions run libtorch's own), then the part's rates.",
        footer = {"", "Threads are fixed when the engine starts (default 1); time each part once per",
                "thread count:",
                "  JAVA_OPTS=-Dai.djl.pytorch.num_threads=1 mppm bench --part lmppm",
                "  JAVA_OPTS=-Dai.djl.pytorch.num_threads=2 mppm bench --part lmppm",
                "(mppm, the launcher beside mppm.jar, keeps glibc's malloc on one arena; plain",
                "java -jar peaks higher.)",
                "tools/bench_rounds.sh R: R rounds of lmppm, dae and ldm at 1 and 2 threads,",
                "alternating with the eager-PyTorch peer; tools/bench_summary.py prints their",
                "medians and ranges as a Markdown table."})
public final class BenchCommand implements Callable<Integer>, OptionChecks.Validated {
    private static final Map<String, Supplier<BenchPart>> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("lmppm", LmppmBench::new);
        PARTS.put("dae", DaeBench::new);
        PARTS.put("ldm", LdmBench::new);
        PARTS.put("sgemm", SgemmBench::new);
        PARTS.put("convtranspose", ConvTransposeBench::new);
        PARTS.put("soak", SoakBench::new);
    }

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--part", defaultValue = "lmppm", description = "What to time: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = PartNames.class)
    String part;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--iterations", defaultValue = "15", description = "Timed runs; rates are their samples over their total time (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--batch", defaultValue = "128", description = "Samples per run: the training batch of lmppm and "
            + "convtranspose, the restore batch of soak; restorations elsewhere run at 256 (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--chunk-threads", defaultValue = "1", description = "Restorations restore this many batches per run, "
            + "one chunk per thread at once on the one model (with -Dai.djl.pytorch.num_threads=1: one per core) (default: ${DEFAULT-VALUE}).")
    int chunkThreads;

    @Override
    public void validate(OptionChecks check) {
        check.that(PARTS.containsKey(part), "--part must be one of " + PARTS.keySet() + ", got '" + part + "'")
                .atLeast("--warmup", warmup, 0).atLeast("--iterations", iterations, 1).atLeast("--batch", batch, 1)
                .atLeast("--chunk-threads", chunkThreads, 1);
    }

    @Override
    public Integer call() {
        Supplier<BenchPart> chosen = PARTS.get(part);
        if (chosen == null) {
            spec.commandLine().getErr().println("mppm bench: unknown part '" + part + "'; expected one of " + PARTS.keySet());
            spec.commandLine().getErr().flush();
            return 2;
        }
        BenchSettings settings;
        try {
            settings = new BenchSettings(warmup, iterations, batch, seed, chunkThreads);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("mppm bench: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
        spec.commandLine().getOut().println(new Gson().toJson(line(part, settings, chosen.get().run(settings))));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * The printed line: {@code part}, the roofline ({@code threads}, {@code sgemmGflops}, measured
     * now unless the part measured it), {@code chunkThreads}, {@code allocator} (the native malloc,
     * {@link org.mppm.examples.bench.ProcessMemory#allocator}), {@code mallocArenas}
     * ({@link org.mppm.core.MallocArenas#count}), {@code hugePages}
     * ({@link org.mppm.core.HugePages#requested}), {@code nativeKernels} (whether the
     * kernel mean runs natively, {@link GaussianKernelDensity#nativeKernels}), {@code torchScriptForms}
     * (whether the transposed convolution can run libtorch's own operations,
     * {@link org.mppm.models.nn.ConvTranspose2d#torchScriptForms}), then the part's fields.
     */
    private static Map<String, Object> line(String part, BenchSettings settings, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("part", part);
        if (fields.containsKey("sgemmGflops")) {
            line.put("threads", fields.get("threads"));
            line.put("sgemmGflops", fields.get("sgemmGflops"));
        } else {
            line.putAll(SgemmBench.roofline(SgemmBench.ROOFLINE));
        }
        line.put("chunkThreads", settings.chunkThreads());
        line.put("allocator", org.mppm.examples.bench.ProcessMemory.allocator());
        line.put("mallocArenas", org.mppm.core.MallocArenas.count());
        line.put("hugePages", org.mppm.core.HugePages.requested());
        line.put("nativeKernels", GaussianKernelDensity.nativeKernels());
        line.put("torchScriptForms", org.mppm.models.nn.ConvTranspose2d.torchScriptForms());
        line.putAll(fields);
        return line;
    }

    /** The part names, for the help text. */
    static final class PartNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return PARTS.keySet().iterator();
        }
    }
}
