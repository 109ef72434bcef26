package org.mppm.core.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.mppm.core.io.AtomicFiles;

/**
 * Reading and writing image files (PNG, JPEG, whatever ImageIO decodes) as pixel arrays in [0, 1],
 * laid out {@code [C, H, W]} (channel-major), C = 1 (grey) or 3 (RGB). Integer samples are scaled by
 * {@code 1 / (2^bits - 1)} (8-bit: 1/255). Grey from colour is ITU-R 601 luma
 * {@code 0.299 R + 0.587 G + 0.114 B}; colour from grey repeats the grey value. Alpha is dropped.
 */
public final class ImageFiles {
    private ImageFiles() {}

    /** Decodes an image file; fails with an {@link IOException} naming the file if it cannot. */
    public static BufferedImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("image file not found: " + file);
        }
        requireDecodableSize(file);
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException("unreadable image " + file + ": " + e.getMessage(), e);
        }
        if (img == null) {
            throw new IOException("unreadable image " + file + ": not a format ImageIO can decode");
        }
        return img;
    }

    /** Largest image read, in pixels: a header claiming more fails before any pixel memory is allocated. */
    public static final long MAX_PIXELS = 1L << 26;

    /** Reads the header's width and height (when a reader knows the format) and refuses more than {@link #MAX_PIXELS}. */
    private static void requireDecodableSize(Path file) throws IOException {
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            java.util.Iterator<javax.imageio.ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return; // ImageIO.read reports the unknown format
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new IOException("image " + file + " claims " + reader.getWidth(0) + " x " + reader.getHeight(0)
                            + " pixels, more than the " + MAX_PIXELS + " read at most");
                }
            } catch (IOException | RuntimeException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("image " + file)) {
                    throw e;
                }
                throw new IOException("unreadable image " + file + ": " + e.getMessage(), e);
            } finally {
                reader.dispose();
            }
        }
    }

    /** 1 if the image stores a single colour component (grey), else 3. */
    public static int nativeChannels(BufferedImage img) {
        return img.getColorModel().getNumColorComponents() == 1 ? 1 : 3;
    }

    /** The pixels as {@code [channels, H, W]} values in [0, 1]. */
    public static float[] pixels(BufferedImage img, int channels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3; got " + channels);
        }
        int h = img.getHeight();
        int w = img.getWidth();
        int plane = h * w;
        float[] out = new float[channels * plane];
        if (nativeChannels(img) == 1 && img.getRaster().getNumBands() <= 2) {
            Raster r = img.getRaster();
            double scale = (1 << img.getColorModel().getComponentSize(0)) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = (float) (r.getSample(x, y, 0) / scale);
                    for (int c = 0; c < channels; c++) {
                        out[c * plane + y * w + x] = v;
                    }
                }
            }
            return out;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                float r = ((rgb >> 16) & 0xff) / 255f;
                float g = ((rgb >> 8) & 0xff) / 255f;
                float b = (rgb & 0xff) / 255f;
                int p = y * w + x;
                if (channels == 1) {
                    out[p] = 0.299f * r + 0.587f * g + 0.114f * b;
                } else {
                    out[p] = r;
                    out[plane + p] = g;
                    out[2 * plane + p] = b;
                }
            }
        }
        return out;
    }

    /**
     * The largest centred region of {@code img} with the aspect ratio {@code height : width} (a view
     * sharing the pixels; the image itself if it already has that ratio up to one pixel).
     */
    public static BufferedImage centreCrop(BufferedImage img, int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("crop aspect must be >= 1 x 1; got " + height + " x " + width);
        }
        int h = img.getHeight();
        int w = img.getWidth();
        int cropW = (int) Math.min(w, Math.round((double) h * width / height));
        int cropH = (int) Math.min(h, Math.round((double) w * height / width));
        if (cropW >= w - 1 && cropH >= h - 1) {
            return img;
        }
        return img.getSubimage((w - cropW) / 2, (h - cropH) / 2, Math.max(1, cropW), Math.max(1, cropH));
    }

    /** Resizes with area averaging (good for shrinking photos), keeping the image type's colours. */
    public static BufferedImage resize(BufferedImage img, int height, int width) {
        if (img.getHeight() == height && img.getWidth() == width) {
            return img;
        }
        Image scaled = img.getScaledInstance(width, height, Image.SCALE_AREA_AVERAGING);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(scaled, 0, 0, null);
        return out;
    }

    /** Reads one file as an NDArray {@code [1, C, H, W]} with its native channel count. */
    public static NDArray readArray(NDManager manager, Path file) throws IOException {
        BufferedImage img = read(file);
        int c = nativeChannels(img);
        return manager.create(pixels(img, c), new Shape(1, c, img.getHeight(), img.getWidth()));
    }

    /** 8-bit image from {@code [C, H, W]} values in [0, 1] (clipped, rounded): grey for C = 1, RGB for 3. */
    public static BufferedImage toImage(float[] chw, int channels, int height, int width) {
        int plane = height * width;
        if (chw.length != channels * plane) {
            throw new IllegalArgumentException("expected " + channels * plane + " values for [" + channels + ", "
                    + height + ", " + width + "]; got " + chw.length);
        }
        BufferedImage img = new BufferedImage(width, height,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                if (channels == 1) {
                    img.getRaster().setSample(x, y, 0, to8(chw[p]));
                } else {
                    img.setRGB(x, y, to8(chw[p]) << 16 | to8(chw[plane + p]) << 8 | to8(chw[2 * plane + p]));
                }
            }
        }
        return img;
    }

    /** Writes a PNG atomically (see {@link AtomicFiles}: a temporary file in the same folder, then a rename). */
    public static void writePng(BufferedImage img, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer available for " + file);
            }
        });
    }

    private static int to8(float v) {
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255.0);
    }
}
