package org.mppm.models.images;

import java.awt.image.BufferedImage;
import org.mppm.core.image.ImageFiles;

/**
 * How an image of any size becomes the {@code H x W} a model takes. Both resize by area averaging
 * ({@link ImageFiles#resize}); an image already {@code H x W} is used as it is.
 */
public enum SizePolicy {
    /** Resize the whole image to {@code H x W}; an image of another aspect ratio is squeezed. */
    RESIZE,
    /**
     * Crop the largest centred region of aspect ratio {@code H : W} ({@link ImageFiles#centreCrop}),
     * then resize it to {@code H x W}: nothing is squeezed, the borders of the longer side are lost.
     */
    CROP_RESIZE;

    /** The image at {@code height x width} by this policy. */
    public BufferedImage apply(BufferedImage image, int height, int width) {
        BufferedImage region = this == CROP_RESIZE ? ImageFiles.centreCrop(image, height, width) : image;
        return ImageFiles.resize(region, height, width);
    }
}
