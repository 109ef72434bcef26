package org.mppm.models.images;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.mppm.core.image.ImageFiles;

/**
 * Writes batches {@code [N, C, H, W]} (C = 1 grey or 3 RGB, values clipped to [0, 1], 8 bits) as
 * PNG files. Each file is written atomically (a temporary file in the same folder, then a rename),
 * so a killed run leaves whole files or none; an existing file of the same name is replaced.
 */
public final class PngFiles {
    private PngFiles() {}

    /** Row i as {@code dir/fileNames.get(i)}; the folder is created if missing. */
    public static void write(NDArray images, List<String> fileNames, Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        long[] s = requireImages(images);
        if (s[0] != fileNames.size()) {
            throw new IllegalArgumentException("got " + fileNames.size() + " file names for " + s[0] + " images");
        }
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        float[] values = images.toType(DataType.FLOAT32, false).toFloatArray();
        int size = c * h * w;
        for (int i = 0; i < fileNames.size(); i++) {
            float[] one = java.util.Arrays.copyOfRange(values, i * size, (i + 1) * size);
            ImageFiles.writePng(ImageFiles.toImage(one, c, h, w), dir.resolve(fileNames.get(i)));
        }
    }

    /** Row i as {@code dir/NNNNNN.png} with {@code NNNNNN = first + i}, six digits. */
    public static void writeNumbered(NDArray images, long first, Path dir) throws IOException {
        long n = requireImages(images)[0];
        List<String> names = new java.util.ArrayList<>();
        for (long i = 0; i < n; i++) {
            names.add(numbered(first + i));
        }
        write(images, names, dir);
    }

    /** {@code NNNNNN.png}. */
    public static String numbered(long index) {
        return String.format(Locale.ROOT, "%06d.png", index);
    }

    private static long[] requireImages(NDArray images) {
        Objects.requireNonNull(images, "images");
        long[] s = images.getShape().getShape();
        if (s.length != 4 || (s[1] != 1 && s[1] != 3)) {
            throw new IllegalArgumentException("images to write as PNG must be [N, C, H, W] with C = 1 or 3; got "
                    + images.getShape());
        }
        return s;
    }
}
