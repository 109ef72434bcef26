package org.mppm.examples.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mppm.core.SeededNoise;

/**
 * {@code bench --part sgemm}, and the roofline every bench line carries: the machine's
 * single-precision matrix-product rate through the engine, {@code C = A B} with {@code A, B}
 * {@code [n, n]} float32 ({@value #SIZE} by default), {@code 2 n^3} FLOP per product, in GFLOP/s
 * of the median timed product; and the engine's intra-op thread count in effect. A part's rate
 * times its FLOP per sample ({@link FlopCounts}) divided by this rate is the fraction of the
 * machine's limit it reaches.
 *
 * <p>Fields: {@code threads}, {@code sgemmGflops}, {@code sgemmSize}. As a part, {@code --warmup}
 * and {@code --iterations} apply ({@code --batch} does not); the roofline added to every other
 * part's line uses {@link #ROOFLINE} (3 untimed, 11 timed products).
 */
public final class SgemmBench implements BenchPart {
    /** The side n of the square matrices. */
    public static final int SIZE = 1024;
    /** How the roofline added to every bench line is timed. */
    public static final BenchSettings ROOFLINE = new BenchSettings(3, 11, SIZE, 0);

    @Override
    public Map<String, Object> run(BenchSettings settings) {
        Map<String, Object> out = roofline(settings);
        out.put("sgemmSize", SIZE);
        return out;
    }

    /** {@code {"threads": ..., "sgemmGflops": ...}}, the product timed as {@code settings} says. */
    public static Map<String, Object> roofline(BenchSettings settings) {
        Map<String, Object> out = new LinkedHashMap<>();
        double gflops = gflops(SIZE, settings);
        out.put("threads", intraOpThreads());
        out.put("sgemmGflops", gflops);
        return out;
    }

    /**
     * GFLOP/s of {@code [n, n] x [n, n]} float32 products (operands drawn once from a fixed seed):
     * {@code 2 n^3 / 1e9} divided by the median seconds of one product, rounded to 0.1.
     *
     * @param n        the side of the matrices, at least 1
     * @param settings untimed and timed products ({@code batch} is not used)
     */
    public static double gflops(int n, BenchSettings settings) {
        if (n < 1) {
            throw new IllegalArgumentException("matrix side must be >= 1, got " + n);
        }
        try (NDManager nd = NDManager.newBaseManager()) {
            SeededNoise random = new SeededNoise(settings.seed());
            NDArray a = random.nextNormal(nd, new Shape(n, n), DataType.FLOAT32, 1);
            NDArray b = random.nextNormal(nd, new Shape(n, n), DataType.FLOAT32, 1);
            double seconds = Timing.medianSeconds(settings, () -> {
                try (NDArray c = a.matMul(b)) {
                    c.getShape();
                }
            });
            return Math.round(10 * 2.0 * n * n * n / 1e9 / seconds) / 10.0;
        }
    }

    /**
     * The engine's intra-op thread count in effect: PyTorch's own setting
     * ({@code at::get_num_threads}, which {@code -Dai.djl.pytorch.num_threads=N} sets when the
     * engine starts, and which is one per core when nothing sets it); for another engine the
     * property's value, or -1 when it is not set.
     */
    public static int intraOpThreads() {
        Engine engine = Engine.getInstance();
        if ("PyTorch".equals(engine.getEngineName())) {
            return JniUtils.getNumThreads();
        }
        return Integer.getInteger("ai.djl.pytorch.num_threads", -1);
    }
}
