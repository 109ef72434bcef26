package org.mppm.models;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.mppm.core.KarrasSchedule;
import org.mppm.core.Projection;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.core.image.ImageFiles;
import org.mppm.core.image.degrade.Downsampling;
import org.mppm.core.image.degrade.ElasticDeformation;
import org.mppm.core.image.degrade.GaussianNoise;
import org.mppm.core.image.degrade.MissingPixels;
import org.mppm.core.image.degrade.OverSharpening;
import org.mppm.core.image.degrade.Scribbles;
import org.mppm.core.image.metrics.PixelErrors;
import org.mppm.core.image.metrics.Ssim;
import org.mppm.core.image.metrics.SsimWindow;
import org.mppm.core.stats.GaussianMoments;
import org.mppm.models.dae.Dae;
import org.mppm.models.data.IdxFile;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.ldm.LdmRestorer;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.lmppm.LmppmRestoration;
import org.mppm.models.mppm.MppmRestoration;
import org.mppm.models.mppm.Mppm;
import org.mppm.models.nn.AutoencoderSpec;
import org.mppm.samplers.edm.EdmSampler;

/**
 * Fuzzing of the public entry points with generated bad inputs: wrong ranks, sizes and dtypes,
 * NaN, infinities, huge values, 0-255 images, bad parameters, corrupt model directories, IDX and
 * image files. Every case must end in a typed exception (IllegalArgumentException,
 * IllegalStateException, UncheckedIOException; IOException for the file readers, whose contract
 * it is) whose message names the argument or the offending value; none may reach the engine
 * (ai.djl.engine.EngineException), end in an NPE or index error, or crash. Fixed seeds; the
 * models are tiny (one epoch on random data), built once.
 */
class BoundaryFuzzProperties {
    private static final int POINT_DIM = 3;
    private static final int IMAGE = 8;

    private static NDManager nd;
    private static Dae pointDae;
    private static Dae imageDae;
    private static Lmppm pointLmppm;
    private static Lmppm imageLmppm;
    private static Mppm mppm;
    private static LatentDiffusion ldm;
    private static LdmRestorer ldmRestorer;
    private static GaussianKernelDensity kde;
    private static Path files;
    private static Path savedModel;
    private static List<Entry> entries;

    /** What an entry point accepts: which defects are defects for it. */
    enum Kind {
        /** Points, float32 only. */
        POINTS_FLOAT32,
        /** Points, float32 or float64 (converted or computed in float64). */
        POINTS_FLOATING,
        /** Images in [0, 1], float32 only. */
        IMAGES_FLOAT32,
        /** Images in [0, 1], float32 or float64. */
        IMAGES_FLOATING,
        /** Images of any finite range (metrics take a data range), float32 or float64. */
        IMAGES_ANY_RANGE;

        boolean images() {
            return this != POINTS_FLOAT32 && this != POINTS_FLOATING;
        }
    }

    enum Defect {
        RANK_UP, RANK_DOWN, SCALAR, SIZE, EMPTY_BATCH, FLOAT64, FLOAT16, INT32, INT64, UINT8, BOOLEAN, NAN, POSITIVE_INFINITY,
        NEGATIVE_INFINITY, HUGE, SCALE_255, NEGATIVE;

        boolean appliesTo(Kind kind) {
            return switch (this) {
                case FLOAT64 -> kind == Kind.POINTS_FLOAT32 || kind == Kind.IMAGES_FLOAT32;
                case SCALE_255, NEGATIVE -> kind == Kind.IMAGES_FLOAT32 || kind == Kind.IMAGES_FLOATING;
                default -> true;
            };
        }
    }

    /** A public entry point taking one array: its name, the argument's name, one sample's shape, what it accepts. */
    record Entry(String name, String argument, long[] sample, int minBatch, Kind kind, Consumer<NDArray> call,
            EnumSet<Defect> accepted) {
        Entry(String name, String argument, long[] sample, int minBatch, Kind kind, Consumer<NDArray> call) {
            this(name, argument, sample, minBatch, kind, call, EnumSet.noneOf(Defect.class));
        }

        /** The same entry, for which these defects are valid input (e.g. any number of coordinates). */
        Entry accepting(Defect... defects) {
            EnumSet<Defect> more = EnumSet.copyOf(accepted);
            more.addAll(Arrays.asList(defects));
            return new Entry(name, argument, sample, minBatch, kind, call, more);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    record Case(Entry entry, Defect defect, int batch, long seed) {}

    @BeforeContainer
    static void buildTinyModels() throws IOException {
        nd = NDManager.newBaseManager();
        SplittableRandom random = new SplittableRandom(5);
        NDArray points = host(random, new Shape(64, POINT_DIM), 1);
        NDArray images = host(random, new Shape(16, 1, IMAGE, IMAGE), 0).abs().clip(0, 1);
        AutoencoderSpec unet = AutoencoderSpec.unet(1, IMAGE, 4, 2, 4);
        pointDae = Dae.builder().encoder(POINT_DIM, 8, 2).batchSize(32).epochs(1).patience(1).seed(1).fit(points);
        imageDae = Dae.builder().autoencoder(unet).batchSize(8).epochs(1).patience(1).seed(1).fit(images);
        pointLmppm = Lmppm.builder().encoder(POINT_DIM, 8, 2).batchSize(32).epochs(1).patience(1).seed(2).kernelBandwidth(0.5)
                .fit(points);
        imageLmppm = Lmppm.builder().autoencoder(unet).batchSize(8).epochs(1).patience(1).seed(2).kernelBandwidth(1).fit(images);
        mppm = Mppm.builder().encoder(POINT_DIM, 8, 2).dropout(0).batchSize(32).epochs(1).patience(1).seed(3).fit(points);
        ldm = LatentDiffusion.builder().steps(20).hidden(8).timeEmbedding(4).batchSize(32).epochs(1).patience(1).seed(4)
                .fit(pointDae, points);
        ldmRestorer = ldm.restoration(pointDae).startStep(5).build();
        kde = GaussianKernelDensity.of(host(random, new Shape(40, 2), 1), 0.5);
        files = Files.createTempDirectory("mppm-fuzz-");
        savedModel = files.resolve("model");
        pointLmppm.save(savedModel);
        NDArray reference = host(random, new Shape(4, 1, IMAGE, IMAGE), 0).abs().clip(0, 1);

        entries = new ArrayList<>();
        long[] point = {POINT_DIM};
        long[] image = {1, IMAGE, IMAGE};
        entries.add(new Entry("Dae.restore (points)", "x", point, 1, Kind.POINTS_FLOAT32, x -> pointDae.restore(x).close()));
        entries.add(new Entry("Dae.restore (images)", "x", image, 1, Kind.IMAGES_FLOAT32, x -> imageDae.restore(x).close()));
        for (int steps : new int[] {0, 2}) {
            entries.add(new Entry("LMPPM restorer, " + steps + " steps (points)", "x", point, 1, Kind.POINTS_FLOAT32,
                    x -> close(pointLmppm.restoration().steps(steps).build().project(x))));
            entries.add(new Entry("LMPPM restorer, " + steps + " steps (images)", "x", image, 1, Kind.IMAGES_FLOAT32,
                    x -> close(imageLmppm.restoration().steps(steps).build().project(x))));
        }
        entries.add(new Entry("LMPPM restorer, re-encoding (images)", "x", image, 1, Kind.IMAGES_FLOAT32,
                x -> close(imageLmppm.restoration().steps(1).reencodeEachStep(true).build().project(x))));
        entries.add(new Entry("LMPPM restorer, skips following (images)", "x", image, 1, Kind.IMAGES_FLOAT32,
                x -> close(imageLmppm.restoration().steps(1).skipsFollowRestoration(true).build().project(x))));
        entries.add(new Entry("LMPPM projectCodes", "z", new long[] {2}, 1, Kind.POINTS_FLOAT32,
                z -> close(pointLmppm.restoration().steps(1).build().projectCodes(z))));
        entries.add(new Entry("LMPPM manifold chart", "x", point, 1, Kind.POINTS_FLOAT32, x -> pointLmppm.manifold().chart(x).close()));
        entries.add(new Entry("MPPM restorer", "x", point, 1, Kind.POINTS_FLOAT32,
                x -> close(mppm.restoration().build().project(x))));
        entries.add(new Entry("MPPM restorer, 1 step", "x", point, 1, Kind.POINTS_FLOAT32,
                x -> close(mppm.restoration().steps(1).build().project(x))));
        entries.add(new Entry("LDM restorer", "samples", point, 1, Kind.POINTS_FLOAT32, x -> ldmRestorer.restore(x).close()));
        entries.add(new Entry("LDM denoise", "codes", new long[] {2}, 1, Kind.POINTS_FLOAT32, z -> ldm.denoise(z, 3, 1).close()));
        entries.add(new Entry("KDE kernelMean", "z", new long[] {2}, 1, Kind.POINTS_FLOATING, z -> kde.kernelMean(z).close()));
        entries.add(new Entry("KDE logDensity", "z", new long[] {2}, 1, Kind.POINTS_FLOATING, z -> kde.logDensity(z).close()));
        entries.add(new Entry("KDE moments", "z", new long[] {2}, 1, Kind.POINTS_FLOATING, z -> kde.moments(z, 0.3).close()));
        entries.add(new Entry("KDE of codes", "codes", new long[] {2}, 1, Kind.POINTS_FLOATING,
                c -> GaussianKernelDensity.of(c, 0.5).close()).accepting(Defect.SIZE));
        entries.add(new Entry("median nearest-neighbour distance", "points", new long[] {2}, 2, Kind.POINTS_FLOATING,
                GaussianKernelDensity::medianNearestNeighbourDistance).accepting(Defect.SIZE, Defect.RANK_UP));
        entries.add(new Entry("Gaussian moments (Frechet)", "points", new long[] {2}, 2, Kind.POINTS_FLOATING,
                GaussianMoments::of).accepting(Defect.SIZE));
        entries.add(new Entry("SSIM", "x", image, 1, Kind.IMAGES_ANY_RANGE,
                x -> Ssim.uniform7().perImage(x, reference.get("0:{}", rows(x)))));
        entries.add(new Entry("MSE", "x", image, 1, Kind.IMAGES_ANY_RANGE,
                x -> PixelErrors.mse(x, reference.get("0:{}", rows(x)))));
        entries.add(new Entry("PSNR", "y", image, 1, Kind.IMAGES_ANY_RANGE,
                y -> PixelErrors.psnr(reference.get("0:{}", rows(y)), y, 1)));
        entries.add(new Entry("GaussianNoise", "images", image, 1, Kind.IMAGES_FLOATING, x -> new GaussianNoise(0.1).apply(x, 1).close()).accepting(Defect.SIZE));
        entries.add(new Entry("MissingPixels", "images", image, 1, Kind.IMAGES_FLOATING,
                x -> MissingPixels.ofFraction(0.3).apply(x, 1).close()).accepting(Defect.SIZE));
        entries.add(new Entry("Scribbles", "images", image, 1, Kind.IMAGES_FLOATING, x -> Scribbles.ofCount(2).apply(x, 1).close()).accepting(Defect.SIZE));
        entries.add(new Entry("OverSharpening", "images", image, 1, Kind.IMAGES_FLOATING,
                x -> OverSharpening.ofAmount(2).apply(x, 1).close()).accepting(Defect.SIZE));
        entries.add(new Entry("ElasticDeformation", "images", image, 1, Kind.IMAGES_FLOATING,
                x -> ElasticDeformation.ofSigma(2).apply(x, 1).close()).accepting(Defect.SIZE));
        entries.add(new Entry("Downsampling", "images", image, 1, Kind.IMAGES_FLOATING,
                x -> new Downsampling(0.5).apply(x, 1).close()).accepting(Defect.SIZE));
        entries.add(new Entry("EDM sampler start", "x", point, 1, Kind.POINTS_FLOATING,
                x -> EdmSampler.euler().sample((y, sigma) -> y.duplicate(), x, KarrasSchedule.edm(3)).close())
                .accepting(Defect.SIZE, Defect.RANK_UP));
        entries.add(new Entry("Dae fit", "clean", point, 2, Kind.POINTS_FLOATING,
                x -> Dae.builder().encoder(POINT_DIM, 4, 2).epochs(1).fit(x).close()));
        entries.add(new Entry("LMPPM fit (images)", "clean", image, 2, Kind.IMAGES_FLOATING,
                x -> Lmppm.builder().autoencoder(unet).epochs(1).fit(x).close()));
        entries.add(new Entry("MPPM fit", "clean", point, 2, Kind.POINTS_FLOATING,
                x -> Mppm.builder().encoder(POINT_DIM, 4, 2).epochs(1).fit(x).close()));
        entries.add(new Entry("LDM fit", "clean", point, 2, Kind.POINTS_FLOAT32,
                x -> LatentDiffusion.builder().steps(5).epochs(1).fit(pointDae, x).close()));
    }

    @AfterContainer
    static void close() throws IOException {
        for (AutoCloseable c : new AutoCloseable[] {pointDae, imageDae, pointLmppm, imageLmppm, mppm, ldm, kde, nd}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing what a failed set-up left
            }
        }
        if (files != null) {
            try (Stream<Path> walk = Files.walk(files)) {
                walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** As many reference images as x has (at least 1), so that only x's own defect can be reported. */
    private static long rows(NDArray x) {
        return x.getShape().dimension() > 0 ? Math.max(1, Math.min(4, x.getShape().get(0))) : 1;
    }

    private static void close(Projection p) {
        p.close();
    }

    /** Standard normal values (scale 1) or |N(0, 0.5)| + 0.25 clipped to [0, 1] (scale 0), drawn on the host. */
    private static NDArray host(SplittableRandom random, Shape shape, int scale) {
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            double g = random.nextGaussian();
            v[i] = scale == 1 ? (float) g : (float) Math.min(1, Math.max(0, 0.5 + 0.25 * g));
        }
        return nd.create(v, shape);
    }

    // ---------------------------------------------------------------- bad tensors

    @Provide
    Arbitrary<Case> badTensors() {
        return Arbitraries.of(entries).flatMap(e -> Arbitraries.of(Arrays.stream(Defect.values())
                .filter(d -> d.appliesTo(e.kind()) && !e.accepted().contains(d))
                .toList()).flatMap(d -> Arbitraries.integers().between(e.minBatch(), 4).flatMap(b -> Arbitraries.longs()
                        .map(seed -> new Case(e, d, b, seed)))));
    }

    @Property(tries = 800, seed = "20261202", shrinking = ShrinkingMode.OFF)
    void badTensorsEndInATypedExceptionNamingTheArgument(@ForAll("badTensors") Case c) {
        try (NDManager m = nd.newSubManager()) {
            NDArray x = bad(m, c);
            expectTypedFailure(c.entry().name() + " with " + c.defect() + " " + x.getShape() + " " + x.getDataType(),
                    () -> c.entry().call().accept(x), c.entry().argument());
        }
    }

    private static NDArray bad(NDManager m, Case c) {
        SplittableRandom random = new SplittableRandom(c.seed());
        Entry e = c.entry();
        Shape sample = new Shape(e.sample());
        Shape valid = new Shape(c.batch()).addAll(sample);
        NDArray base = valid(m, random, valid, e.kind());
        long position = random.nextLong(valid.size());
        return switch (c.defect()) {
            case RANK_UP -> base.expandDims(-1);
            case RANK_DOWN -> base.reshape(valid.size());
            case SCALAR -> m.create(0.5f);
            case SIZE -> {
                long[] dims = valid.getShape().clone();
                int axis = 1 + random.nextInt(dims.length - 1);
                dims[axis] += 1 + random.nextInt(3);
                yield valid(m, random, new Shape(dims), e.kind());
            }
            case EMPTY_BATCH -> m.zeros(new Shape(0).addAll(sample));
            case FLOAT64 -> base.toType(DataType.FLOAT64, false);
            case FLOAT16 -> base.toType(DataType.FLOAT16, false);
            case INT32 -> base.toType(DataType.INT32, false);
            case INT64 -> base.toType(DataType.INT64, false);
            case UINT8 -> base.mul(255).toType(DataType.UINT8, false);
            case BOOLEAN -> base.gt(0.5f);
            case NAN -> with(m, base, position, Float.NaN);
            case POSITIVE_INFINITY -> with(m, base, position, Float.POSITIVE_INFINITY);
            case NEGATIVE_INFINITY -> with(m, base, position, Float.NEGATIVE_INFINITY);
            case HUGE -> with(m, base, position, (float) ((random.nextBoolean() ? 1 : -1) * Math.pow(10, 13 + random.nextInt(25))));
            case SCALE_255 -> with(m, base.mul(255).round(), position, 255);
            case NEGATIVE -> with(m, base, position, (float) -(0.01 + random.nextDouble()));
        };
    }

    private static NDArray valid(NDManager m, SplittableRandom random, Shape shape, Kind kind) {
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = kind.images() ? (float) random.nextDouble() : (float) random.nextGaussian();
        }
        return m.create(v, shape);
    }

    private static NDArray with(NDManager m, NDArray base, long position, float value) {
        float[] v = base.toFloatArray();
        v[(int) position] = value;
        return m.create(v, base.getShape());
    }

    // ---------------------------------------------------------------- bad parameters

    record Parameter(String name, Consumer<Double> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Builder parameters and numeric arguments, each with values that are always invalid for it. */
    private static List<Parameter> parameters() {
        return List.of(
                new Parameter("alpha", a -> pointLmppm.restoration().alpha(a > 0 && a < 1 ? 1 + a : a).build()),
                new Parameter("beta", b -> pointLmppm.restoration().alpha(0.5).beta(b < 0 || !Double.isFinite(b) ? b : 0.5 + b).build()),
                new Parameter("steps", s -> pointLmppm.restoration().steps(-1 - (int) Math.min(1e6, Math.abs(s))).build()),
                new Parameter("tolerance", t -> mppm.restoration().tolerance(-Math.abs(t), 10).build()),
                new Parameter("bandwidth", h -> GaussianKernelDensity.of(pointLmppm.codes(), tiny(h))),
                new Parameter("bandwidth", h -> {
                    try (NDManager m = nd.newSubManager()) {
                        kde.kernelMean(m.zeros(new Shape(1, 2)), tiny(h));
                    }
                }),
                new Parameter("sigma", s -> new GaussianNoise(-Math.abs(s) - 1e-9)),
                new Parameter("fraction", f -> MissingPixels.ofFraction(1 + Math.abs(f) + 1e-9)),
                new Parameter("data range", r -> {
                    try (NDManager m = nd.newSubManager()) {
                        PixelErrors.psnr(m.zeros(new Shape(1, 1, 2, 2)), m.zeros(new Shape(1, 1, 2, 2)), -Math.abs(r));
                    }
                }),
                new Parameter("SSIM", r -> new Ssim(SsimWindow.UNIFORM_7, -Math.abs(r), 0.01, 0.03)),
                new Parameter("trainingNoise", s -> Dae.builder().trainingNoise(-Math.abs(s) - 1e-9).config()),
                new Parameter("learningRate", r -> Dae.builder().learningRate(-Math.abs(r) - 1e-9).config()),
                new Parameter("epochs", n -> Dae.builder().epochs(-(int) Math.min(1e6, Math.abs(n))).config()),
                new Parameter("startStep", t -> ldm.restoration(pointDae).startStep(t > 0 ? 1000 + (int) Math.min(1e6, t) : 0).build()),
                new Parameter("kernelBandwidth", h -> Lmppm.builder().encoder(POINT_DIM, 8, 2).kernelBandwidth(-Math.abs(h)).config()),
                new Parameter("kernelPerplexity", k -> Lmppm.builder().encoder(POINT_DIM, 8, 2)
                        .kernelPerplexity(Double.isNaN(k) ? k : 50.5 + Math.abs(k)).config()),
                new Parameter("restoration alpha", a -> LmppmRestoration.DEFAULTS.withWeights(a > 0 && Double.isFinite(a) ? 2 + a : a, 0)),
                new Parameter("restoration maxSteps", n -> MppmRestoration.DEFAULTS.withStopping(0.005, -(int) Math.min(1e6, Math.abs(n)))));
    }

    /** An invalid bandwidth: NaN, infinite, <= 0, or (from 1e300) 1e-30, too small for float32 codes. */
    private static double tiny(double h) {
        return Double.isNaN(h) || Double.isInfinite(h) ? h : h >= 1e299 ? 1e-30 : -Math.abs(h);
    }

    @Provide
    Arbitrary<Object[]> badParameters() {
        Arbitrary<Double> values = Arbitraries.oneOf(Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0,
                -0.0, 1e300, -1e300, Double.MIN_VALUE), Arbitraries.doubles().between(-1e6, 1e6));
        return Arbitraries.of(parameters()).flatMap(p -> values.map(v -> new Object[] {p, v}));
    }

    @Property(tries = 250, seed = "20261203", shrinking = ShrinkingMode.OFF)
    void badParametersEndInATypedExceptionNamingTheParameterOrValue(@ForAll("badParameters") Object[] c) {
        Parameter p = (Parameter) c[0];
        double v = (Double) c[1];
        RuntimeException e = typed(p.name() + " = " + v, () -> p.call().accept(v));
        if (e == null) {
            fail(p.name() + " = " + v + ": accepted");
        }
        assertTrue(e.getMessage().toLowerCase().contains(p.name().toLowerCase()), p.name() + " = " + v + ": " + e.getMessage());
    }

    // ---------------------------------------------------------------- corrupt files

    enum Corruption { TRUNCATE, FLIP, DELETE, EMPTY, GARBAGE, APPEND }

    @Provide
    Arbitrary<Object[]> corruptModels() {
        return Arbitraries.of(Corruption.values()).flatMap(k -> Arbitraries.longs().map(seed -> new Object[] {k, seed}));
    }

    /**
     * A saved model with one file truncated, flipped, deleted, emptied, replaced or extended: loading
     * fails with a typed exception, or (a change the format cannot see) the model loads and restores
     * or fails typed; never an untyped failure or a crash.
     */
    @Property(tries = 60, seed = "20261204", shrinking = ShrinkingMode.OFF)
    void corruptModelDirectoriesFailTyped(@ForAll("corruptModels") Object[] c) throws IOException {
        Corruption kind = (Corruption) c[0];
        SplittableRandom random = new SplittableRandom((Long) c[1]);
        Path dir = Files.createTempDirectory(files, "corrupt-");
        List<Path> saved;
        try (Stream<Path> list = Files.list(savedModel)) {
            saved = list.sorted().toList();
        }
        for (Path f : saved) {
            Files.copy(f, dir.resolve(f.getFileName()));
        }
        Path victim = dir.resolve(saved.get(random.nextInt(saved.size())).getFileName());
        byte[] bytes = Files.readAllBytes(victim);
        switch (kind) {
            case TRUNCATE -> Files.write(victim, Arrays.copyOf(bytes, random.nextInt(Math.max(1, bytes.length))));
            case FLIP -> {
                int at = random.nextInt(Math.max(1, bytes.length));
                if (bytes.length > 0) {
                    bytes[at] ^= (byte) (1 + random.nextInt(255));
                }
                Files.write(victim, bytes);
            }
            case DELETE -> Files.delete(victim);
            case EMPTY -> Files.write(victim, new byte[0]);
            case GARBAGE -> Files.write(victim, randomBytes(random, 1 + random.nextInt(300)));
            case APPEND -> Files.write(victim, concat(bytes, randomBytes(random, 1 + random.nextInt(64))));
        }
        String what = kind + " " + victim.getFileName();
        Lmppm loaded;
        try {
            loaded = Lmppm.load(dir);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            assertNotNull(e.getMessage(), what);
            return;
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": untyped " + e, e);
        }
        try (loaded; NDManager m = nd.newSubManager()) {
            typedOrNothing(what, () -> close(loaded.restoration().steps(2).build().project(m.zeros(new Shape(2, POINT_DIM)))));
        }
    }

    @Provide
    Arbitrary<Object[]> badIdx() {
        return Arbitraries.integers().between(0, 6).flatMap(k -> Arbitraries.longs().map(seed -> new Object[] {k, seed}));
    }

    /** IDX files with wrong magic, huge or negative claimed sizes, truncated data or gzip streams, random bytes. */
    @Property(tries = 150, seed = "20261205", shrinking = ShrinkingMode.OFF)
    void badIdxFilesFailWithAnIOExceptionNamingTheFile(@ForAll("badIdx") Object[] c) throws IOException {
        int kind = (Integer) c[0];
        SplittableRandom random = new SplittableRandom((Long) c[1]);
        int[] dims = {1 + random.nextInt(5), 1 + random.nextInt(30), 1 + random.nextInt(30)};
        byte[] good = idx(0x0803, dims, randomBytes(random, dims[0] * dims[1] * dims[2]));
        byte[] bytes = switch (kind) {
            case 0 -> idx(0x0803, new int[] {Integer.MAX_VALUE / 2 + random.nextInt(1000), 28, 28}, new byte[0]);
            case 1 -> idx(0x0803, new int[] {-1 - random.nextInt(100), 28, 28}, new byte[16]);
            case 2 -> Arrays.copyOf(good, random.nextInt(good.length - 1));
            case 3 -> idx(random.nextInt(), dims, new byte[4]);
            case 4 -> randomBytes(random, random.nextInt(64));
            case 5 -> idx(0x0803, new int[] {46341, 46341, 1 + random.nextInt(4)}, new byte[0]);
            // cut before the last data byte (a cut in the 8-byte trailer can leave every data byte readable)
            default -> Arrays.copyOf(gzip(good), 10 + random.nextInt(gzip(good).length - 19));
        };
        if (kind == 3 && (bytes[2] == 8 && bytes[0] == 0 && bytes[1] == 0 && bytes[3] >= 1 && bytes[3] <= 4)) {
            return; // a valid magic drawn by chance
        }
        Path file = Files.write(Files.createTempFile(files, "bad-", kind == 6 ? ".idx.gz" : ".idx"), bytes);
        IOException e = expectIo("IDX kind " + kind, () -> IdxFile.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Provide
    Arbitrary<Object[]> badImages() {
        return Arbitraries.integers().between(0, 3).flatMap(k -> Arbitraries.longs().map(seed -> new Object[] {k, seed}));
    }

    /** Image files: random bytes, a PNG cut inside its data, a PNG header claiming 2^32 pixels, an empty file. */
    @Property(tries = 100, seed = "20261206", shrinking = ShrinkingMode.OFF)
    void badImageFilesFailWithAnIOExceptionNamingTheFile(@ForAll("badImages") Object[] c) throws IOException {
        int kind = (Integer) c[0];
        SplittableRandom random = new SplittableRandom((Long) c[1]);
        byte[] png = png(random);
        byte[] bytes = switch (kind) {
            case 0 -> randomBytes(random, random.nextInt(200));
            case 1 -> Arrays.copyOf(png, 8 + random.nextInt(png.length / 2));
            case 2 -> {
                byte[] huge = png.clone();
                ByteBuffer.wrap(huge, 16, 8).putInt(65536).putInt(65536 + random.nextInt(1000));
                yield huge;
            }
            default -> new byte[0];
        };
        Path file = Files.write(Files.createTempFile(files, "bad-", ".png"), bytes);
        IOException e = expectIo("image kind " + kind, () -> ImageFiles.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    // ---------------------------------------------------------------- helpers

    interface IoCall {
        Object run() throws IOException;
    }

    private static IOException expectIo(String what, IoCall call) {
        try {
            call.run();
        } catch (IOException e) {
            return e;
        } catch (RuntimeException | OutOfMemoryError e) {
            throw new AssertionError(what + ": expected an IOException, got " + e, e);
        }
        return fail(what + ": no exception");
    }

    /** Runs {@code call}; requires a typed exception whose message contains {@code argument}. */
    private static void expectTypedFailure(String what, Runnable call, String argument) {
        RuntimeException e = typed(what, call);
        if (e == null) {
            fail(what + ": accepted");
        }
        assertTrue(e.getMessage().contains(argument), what + ": the message does not name '" + argument + "': " + e.getMessage());
    }

    /** The typed exception {@code call} threw, null if it returned; fails on any other exception. */
    private static RuntimeException typed(String what, Runnable call) {
        try {
            call.run();
            return null;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            assertNotNull(e.getMessage(), what + ": no message");
            assertTrue(!e.getClass().getName().startsWith("ai.djl"), what + ": engine exception " + e);
            return e;
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": untyped " + e, e);
        }
    }

    private static void typedOrNothing(String what, Runnable call) {
        typed(what, call);
    }

    private static byte[] randomBytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        buffer.putInt(magic);
        for (int d : dims) {
            buffer.putInt(d);
        }
        buffer.put(data);
        return buffer.array();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A 24 x 24 PNG of random pixels (its data dominate the file, so a cut lands in them). */
    private static byte[] png(SplittableRandom random) {
        BufferedImage img = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 24; x++) {
                img.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

}
