package org.mppm.examples.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.core.Chunking;
import org.mppm.core.image.degrade.Degradations;
import org.mppm.models.data.MnistData;
import org.mppm.models.io.SavedModels;
import org.mppm.pretrained.Pretrained;

/**
 * Restorations are the same bits whatever the threads: the shipped LMPPM (Algorithm 2 with its
 * kernel over 7,200 codes) and DAE restore 64 noisy test digits in this JVM (one intra-op thread,
 * one chunk at a time, as surefire starts the engine) and with two parallel chunks; and in two
 * more JVMs whose engines run one and two intra-op threads with MKL in its strict reproducible mode
 * ({@code MKL_CBWR=AUTO,STRICT}: without it, MKL's AVX-512 matrix products split their sums by
 * thread). The SHA-256 of the restored floats must agree.
 */
class ThreadCountBitsTest {
    private static final int COUNT = 64;

    @TempDir
    Path dir;

    /** Prints one line per model, {@code NAME CHUNK_THREADS SHA256}, then the engine's intra-op threads. */
    public static void main(String[] args) {
        int chunkThreads = Integer.parseInt(args[0]);
        for (String line : hashes(chunkThreads)) {
            System.out.println(line);
        }
        System.out.println("intra-op threads " + JniUtils.getNumThreads());
    }

    static List<String> hashes(int chunkThreads) {
        List<String> lines = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray digits = MnistData.embedded().test().head(COUNT).images(manager);
            NDArray degraded = Degradations.parse("noise-0.5").apply(digits, 3);
            for (String name : List.of("builtin:mnist-lmppm", "builtin:mnist-dae")) {
                try (SavedModels.Opened model = SavedModels.open(name)) {
                    float[] restored = model.restorer().restore(degraded, Chunking.of(32).withThreads(chunkThreads)).toFloatArray();
                    lines.add(name + " " + chunkThreads + " " + sha256(restored));
                }
            }
        }
        return lines;
    }

    private static String sha256(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES);
        bytes.asFloatBuffer().put(values);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void oneAndTwoThreadsGiveTheSameBits() throws IOException, InterruptedException {
        List<String> one = hashes(1);
        assertEquals(1, JniUtils.getNumThreads(), "surefire starts the engine with one intra-op thread");
        List<String> chunks = hashes(2);
        for (int i = 0; i < one.size(); i++) {
            assertEquals(one.get(i).replace(" 1 ", " 2 "), chunks.get(i), "two parallel chunks");
        }
        assertEquals(strictMkl(1), strictMkl(2), "engines with one and two intra-op threads, MKL strict");
    }

    /** The hashes of a JVM whose engine runs {@code threads} intra-op threads, MKL in its strict reproducible mode. */
    private List<String> strictMkl(int threads) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=" + threads, "-Dai.djl.pytorch.num_interop_threads=1",
                "-D" + Pretrained.CACHE_PROPERTY + "=" + System.getProperty(Pretrained.CACHE_PROPERTY, dir.resolve("cache").toString()),
                "-cp", System.getProperty("java.class.path"), ThreadCountBitsTest.class.getName(), "1");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("err.txt").toFile());
        builder.environment().put("MKL_CBWR", "AUTO,STRICT");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), () -> "the JVM with " + threads + " intra-op threads failed: " + read(dir.resolve("err.txt")));
        List<String> lines = out.strip().lines().toList();
        assertEquals("intra-op threads " + threads, lines.get(lines.size() - 1));
        return lines.subList(0, lines.size() - 1);
    }

    private static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
