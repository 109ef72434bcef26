package org.mppm.models.evaluation;

/**
 * The scores of one batch of restored images {@code [N, C, H, W]} against the clean ones.
 *
 * @param ssim mean SSIM over the images, in [-1, 1], 1 for identical images
 * @param psnr mean PSNR over the images in dB for data range 1; {@code +Infinity} when any image is
 *             restored exactly (its mean squared error is 0)
 * @param fid  the Frechet distance of the restored images' features to the reference's, {@code >= 0};
 *             {@code NaN} when the evaluation has no {@link Fid}
 * @param accuracy the fraction of restored images a classifier assigns to the class of the clean
 *             image they came from, in [0, 1] (a restoration that changes a 4 into a 9 lowers it);
 *             {@code NaN} when the evaluation has no {@link Accuracy}
 */
public record Score(double ssim, double psnr, double fid, double accuracy) {

    /** A score without a classifier: accuracy {@code NaN}. */
    public Score(double ssim, double psnr, double fid) {
        this(ssim, psnr, fid, Double.NaN);
    }
}
