package org.mppm.models.evaluation;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.mppm.core.Checks;
import org.mppm.core.Chunking;
import org.mppm.core.Restorer;
import org.mppm.core.Scopes;
import org.mppm.core.image.degrade.Degradation;
import org.mppm.core.image.metrics.PixelErrors;
import org.mppm.core.image.metrics.Ssim;

/**
 * The papers' restoration experiment (MPPM paper, Tables 1 and 2): for each named degradation, the
 * clean test images {@code [N, C, H, W]} in [0, 1] are degraded with the evaluation's seed, every
 * named {@link Restorer} restores them ({@link Restorer#restore(NDArray, Chunking)}), and the degraded
 * and each restored batch are scored against the clean images: mean SSIM ({@link Ssim#gaussian()}
 * unless set), mean PSNR (data range 1) and, when a {@link Fid} is given, a Frechet distance to its
 * reference set, and with an {@link Accuracy} the class accuracy ({@link FidAndAccuracy} gives both
 * from one scorer). Results keep the degradations' and methods' orders; each degradation's scores are
 * also logged ({@link System.Logger}, INFO) as it finishes.
 *
 * <pre>{@code
 * RestorationEvaluation evaluation = RestorationEvaluation.builder()
 *         .degradations(PaperDegradations.facesTable2())
 *         .method("dae", dae.restorer()).method("lmppm", lmppm.restorer().build())
 *         .fid(new FeatureFid(features, train)::evaluate).seed(7).chunking(Chunking.of(100)).build();
 * RestorationResults results = evaluation.evaluate(test);
 * }</pre>
 *
 * <p>Deterministic when the degradations and restorers are (they are seeded). Immutable; an
 * evaluation is as thread-safe as its restorers and FID. Every temporary array is released before
 * {@link #evaluate} returns; the clean images are never modified, attached or closed.
 */
public final class RestorationEvaluation {
    private static final System.Logger LOG = System.getLogger(RestorationEvaluation.class.getName());
    private final Map<String, Degradation> degradations;
    private final Map<String, Restorer> methods;
    /** FID and accuracy of a restored batch: the one scorer given, or the two apart (NaN where absent). */
    private final FidAndAccuracy measures;
    private final Ssim ssim;
    private final long seed;
    private final Chunking chunking;

    private RestorationEvaluation(Builder b) {
        this.degradations = Collections.unmodifiableMap(new LinkedHashMap<>(b.degradations));
        this.methods = Collections.unmodifiableMap(new LinkedHashMap<>(b.methods));
        this.measures = b.fidAndAccuracy != null ? b.fidAndAccuracy : apart(b.fid, b.accuracy);
        this.ssim = b.ssim;
        this.seed = b.seed;
        this.chunking = b.chunking;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Evaluates on {@code clean} {@code [N, C, H, W]} in [0, 1]; see the class comment. */
    public RestorationResults evaluate(NDArray clean) {
        return evaluate(clean, RestorationObserver.NONE);
    }

    /**
     * Evaluates on {@code clean} {@code [N, C, H, W]} in [0, 1], showing the images and scores to
     * {@code observer} on the way.
     */
    public RestorationResults evaluate(NDArray clean, RestorationObserver observer) {
        Objects.requireNonNull(observer, "observer");
        Checks.requireBatch("clean", clean);
        if (clean.getShape().dimension() != 4) {
            throw new IllegalArgumentException("clean must be images [N, C, H, W], got " + clean.getShape());
        }
        Checks.requireUnitInterval("clean", clean);
        Map<String, Score> degradedScores = new LinkedHashMap<>();
        Map<String, Map<String, Score>> scores = new LinkedHashMap<>();
        for (Map.Entry<String, Degradation> d : degradations.entrySet()) {
            String key = d.getKey();
            Scopes.host(clean, c -> {
                NDArray degraded = d.getValue().apply(c, seed);
                observer.degraded(key, degraded);
                Score before = score(degraded, c);
                Map<String, Score> row = new LinkedHashMap<>();
                for (Map.Entry<String, Restorer> m : methods.entrySet()) {
                    NDArray restored = m.getValue().restore(degraded, chunking);
                    row.put(m.getKey(), score(restored, c));
                    observer.restored(key, m.getKey(), restored);
                }
                LOG.log(System.Logger.Level.INFO, key + ": degraded " + before + ", restored " + row);
                observer.finished(key, before, Collections.unmodifiableMap(row));
                degradedScores.put(key, before);
                scores.put(key, row);
                return null;
            });
        }
        return new RestorationResults(degradedScores, scores);
    }

    /** SSIM, PSNR, FID and class accuracy of {@code images} against {@code clean}. */
    public Score score(NDArray images, NDArray clean) {
        double psnr = PixelErrors.mean(PixelErrors.psnr(images, clean, 1.0));
        FidAndAccuracy.Measured both = measures.of(images);
        return new Score(ssim.mean(images, clean), psnr, both.fid(), both.accuracy());
    }

    private static FidAndAccuracy apart(Fid fid, Accuracy accuracy) {
        return images -> new FidAndAccuracy.Measured(fid == null ? Double.NaN : fid.evaluate(images),
                accuracy == null ? Double.NaN : accuracy.of(images));
    }

    /** Configures an evaluation; validated at {@link #build()}. */
    public static final class Builder {
        private final Map<String, Degradation> degradations = new LinkedHashMap<>();
        private final Map<String, Restorer> methods = new LinkedHashMap<>();
        private Fid fid;
        private Accuracy accuracy;
        private FidAndAccuracy fidAndAccuracy;
        private Ssim ssim = Ssim.gaussian();
        private long seed = 7;
        private Chunking chunking = Chunking.defaults();

        private Builder() {}

        /** Adds a degradation under {@code key} (results' key, e.g. {@code noise-0.5}); keys are unique. */
        public Builder degradation(String key, Degradation d) {
            Objects.requireNonNull(key, "degradation key");
            Objects.requireNonNull(d, "degradation " + key);
            if (degradations.putIfAbsent(key, d) != null) {
                throw new IllegalArgumentException("degradation key " + key + " is given twice");
            }
            return this;
        }

        /** Adds degradations under their own {@link Degradation#key()}s, in order. */
        public Builder degradations(Iterable<? extends Degradation> ds) {
            for (Degradation d : ds) {
                degradation(d.key(), d);
            }
            return this;
        }

        /** Adds a restoration method under {@code name}; names are unique. */
        public Builder method(String name, Restorer restorer) {
            Objects.requireNonNull(name, "method name");
            Objects.requireNonNull(restorer, "restorer " + name);
            if (methods.putIfAbsent(name, restorer) != null) {
                throw new IllegalArgumentException("method name " + name + " is given twice");
            }
            return this;
        }

        /** The Frechet distance to score with (default: none; scores' fid is NaN). */
        public Builder fid(Fid f) {
            this.fid = f;
            return this;
        }

        /** The class accuracy to score with (default: none; scores' accuracy is NaN). */
        public Builder accuracy(Accuracy a) {
            this.accuracy = a;
            return this;
        }

        /**
         * The Frechet distance and the class accuracy from one scorer (one classifier pass for
         * both), instead of {@link #fid} and {@link #accuracy} (default: none).
         */
        public Builder fidAndAccuracy(FidAndAccuracy both) {
            this.fidAndAccuracy = both;
            return this;
        }

        /** The SSIM (default {@link Ssim#gaussian()}). */
        public Builder ssim(Ssim s) {
            this.ssim = s;
            return this;
        }

        /** The degradations' seed (default 7): every degradation is applied with it. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** How the restorers run (default {@link Chunking#defaults()}). */
        public Builder chunking(Chunking c) {
            this.chunking = c;
            return this;
        }

        public RestorationEvaluation build() {
            if (degradations.isEmpty()) {
                throw new IllegalStateException("degradations: an evaluation needs at least one degradation");
            }
            if (fidAndAccuracy != null && (fid != null || accuracy != null)) {
                throw new IllegalStateException("fidAndAccuracy: give the FID and the accuracy together or apart, not both");
            }
            Objects.requireNonNull(ssim, "ssim");
            Objects.requireNonNull(chunking, "chunking");
            return new RestorationEvaluation(this);
        }
    }
}
