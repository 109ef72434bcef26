package org.mppm.models.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.mppm.models.images.ImageFormat;
import org.mppm.models.images.ImageInput;
import org.mppm.models.images.ImageRead;
import org.mppm.models.images.ImageReader;
import org.mppm.models.images.SizePolicy;

/**
 * Reads the JPEG / PNG files of a folder (e.g. SCUT-FBP5500's {@code Images/}) in file-name order as
 * a batch {@code [N, C, H, W]} in [0, 1]: each image resized to H x W (area averaging), as RGB
 * (C = 3) or grey (C = 1, ITU-R 601 luma). An unreadable file fails with its name.
 *
 * @param dir the folder (not searched recursively)
 * @param height H
 * @param width W
 * @param channels 1 or 3
 * @param limit at most this many files (the first in name order); 0 for all
 */
public record ImageFolder(Path dir, int height, int width, int channels, int limit) {

    public ImageFolder {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be >= 1 x 1; got " + height + " x " + width);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB); got " + channels);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0 (0 = all); got " + limit);
        }
    }

    /** All RGB images of a folder at H x W. */
    public static ImageFolder rgb(Path dir, int height, int width) {
        return new ImageFolder(dir, height, width, 3, 0);
    }

    /** The image files this reader loads, in order. */
    public List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("image folder not found: " + dir);
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(Files::isRegularFile).filter(ImageFolder::isImage).sorted()
                    .collect(Collectors.toList());
            if (limit > 0 && files.size() > limit) {
                files = files.subList(0, limit);
            }
            if (files.isEmpty()) {
                throw new IOException("no .png, .jpg or .jpeg files in " + dir);
            }
            return files;
        }
    }

    /** Loads the images as {@code [N, C, H, W]} owned by {@code manager} (each squeezed to H x W). */
    public NDArray load(NDManager manager) throws IOException {
        return load(manager, false);
    }

    /**
     * Loads the images as {@code [N, C, H, W]} owned by {@code manager}, each first cropped to its
     * largest centred region of aspect ratio H : W, so nothing is squeezed.
     */
    public NDArray loadCropped(NDManager manager) throws IOException {
        return load(manager, true);
    }

    private NDArray load(NDManager manager, boolean crop) throws IOException {
        List<ImageInput> inputs = files().stream().map(ImageInput::picture).toList();
        ImageRead read = ImageReader.read(inputs, new ImageFormat(channels, height, width,
                crop ? SizePolicy.CROP_RESIZE : SizePolicy.RESIZE), manager);
        if (!read.failures().isEmpty()) {
            read.close();
            throw new IOException(read.failures().get(0).reason());
        }
        return read.batch().orElseThrow().images();
    }

    /** Whether the file name ends in .png, .jpg or .jpeg (any case). */
    public static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }
}
