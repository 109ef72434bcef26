package org.mppm.models.images;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.mppm.core.image.ImageFiles;
import org.mppm.core.image.metrics.PixelErrors;
import org.mppm.core.image.metrics.Ssim;
import org.mppm.models.fid.FeatureExtractor;
import org.mppm.models.fid.FeatureFid;

/**
 * Scores a folder of test images (restored or degraded) against a folder of references, pairing
 * the files by name without extension ({@code a.jpg} with {@code a.png}). Each pair is compared at
 * the test image's size: the reference is brought to it by the {@link SizePolicy} (default
 * {@link SizePolicy#CROP_RESIZE}, as {@link FolderRestoration} reads), and a grey image is compared
 * with a colour one as RGB with equal channels. Per pair: SSIM with Wang's Gaussian window
 * ({@link Ssim#gaussian()}, data range 1) and PSNR in dB ({@link PixelErrors}). With a
 * {@link FeatureExtractor}, also the FID between the paired references and test images (needs at
 * least 2 pairs of one size). References without a test image are listed as missing; unreadable
 * files are skipped and reported. Immutable.
 *
 * @param policy   how a reference is brought to its test image's size
 * @param features the FID's feature space, if any
 */
public record FolderComparison(SizePolicy policy, Optional<FeatureExtractor> features) {

    public FolderComparison {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(features, "features");
    }

    /** SSIM and PSNR, no FID, references centre-cropped to the test size. */
    public static FolderComparison defaults() {
        return new FolderComparison(SizePolicy.CROP_RESIZE, Optional.empty());
    }

    public FolderComparison withFeatures(FeatureExtractor extractor) {
        return new FolderComparison(policy, Optional.of(Objects.requireNonNull(extractor, "extractor")));
    }

    /**
     * The scores of one pair.
     *
     * @param name the reference's file name
     * @param ssim SSIM, in [-1, 1]
     * @param psnr PSNR in dB, infinite when the images are equal
     */
    public record PairScore(String name, double ssim, double psnr) {}

    /**
     * The comparison of two folders.
     *
     * @param pairs    the per-pair scores, in reference name order
     * @param ssim     mean SSIM over the pairs (NaN without pairs)
     * @param psnr     mean PSNR over the pairs, dB (infinite if some pair is equal, NaN without pairs)
     * @param fid      FID of the test images to the references, when features were given and there
     *                 were at least 2 pairs of one size
     * @param missing  references without a test image of the same name
     * @param failures files that could not be read
     */
    public record Result(List<PairScore> pairs, double ssim, double psnr, OptionalDouble fid, List<String> missing,
            List<ReadFailure> failures) {

        public Result {
            pairs = List.copyOf(pairs);
            missing = List.copyOf(missing);
            failures = List.copyOf(failures);
        }
    }

    /** Compares the images of {@code test} with those of {@code reference} (files, folders or IDX files, {@link ImageInputs}). */
    public Result compare(Path reference, Path test) throws IOException {
        Map<String, ImageInput> tests = new LinkedHashMap<>();
        for (ImageInput t : ImageInputs.list(test)) {
            tests.put(stem(t.pngName()), t);
        }
        List<PairScore> pairs = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<ReadFailure> failures = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList refs = new NDList();
            NDList outs = new NDList();
            for (ImageInput ref : ImageInputs.list(reference)) {
                ImageInput t = tests.get(stem(ref.pngName()));
                if (t == null) {
                    missing.add(ref.name());
                    continue;
                }
                BufferedImage tImage;
                BufferedImage rImage;
                try {
                    tImage = t.decode();
                } catch (IOException | RuntimeException e) {
                    failures.add(new ReadFailure(t.name(), String.valueOf(e.getMessage())));
                    continue;
                }
                try {
                    rImage = policy.apply(ref.decode(), tImage.getHeight(), tImage.getWidth());
                } catch (IOException | RuntimeException e) {
                    failures.add(new ReadFailure(ref.name(), String.valueOf(e.getMessage())));
                    continue;
                }
                int c = Math.max(ImageFiles.nativeChannels(tImage), ImageFiles.nativeChannels(rImage));
                Shape shape = new Shape(1, c, tImage.getHeight(), tImage.getWidth());
                NDArray x = manager.create(ImageFiles.pixels(rImage, c), shape);
                NDArray y = manager.create(ImageFiles.pixels(tImage, c), shape);
                double mse = PixelErrors.mse(x, y)[0];
                pairs.add(new PairScore(ref.name(), Ssim.gaussian().mean(x, y), PixelErrors.psnrOf(mse, 1.0)));
                refs.add(x);
                outs.add(y);
            }
            double ssim = pairs.stream().mapToDouble(PairScore::ssim).average().orElse(Double.NaN);
            double psnr = pairs.stream().mapToDouble(PairScore::psnr).average().orElse(Double.NaN);
            return new Result(pairs, ssim, psnr, fid(refs, outs), missing, failures);
        }
    }

    private OptionalDouble fid(NDList refs, NDList outs) {
        if (features.isEmpty() || refs.size() < 2 || refs.stream().map(NDArray::getShape).distinct().count() != 1) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(FeatureFid.between(features.get(), NDArrays.concat(refs), NDArrays.concat(outs)));
    }

    private static String stem(String pngName) {
        return pngName.substring(0, pngName.length() - ".png".length());
    }
}
