package org.mppm.models.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The face images of a {@code --data DIR} option as RGB {@code [N, 3, S, S]} in [0, 1]: either the
 * SCUT-FBP5500 layout, whose 5,500 350 x 350 JPEGs are in {@code DIR/Images/} (also
 * {@code DIR/images/}), or any folder of {@code .jpg / .jpeg / .png} files (not searched
 * recursively). Files are read in name order by {@link ImageFolder}; each is cropped to its largest
 * centred square (SCUT-FBP5500's are square already) and resized to S x S by area averaging. A
 * missing folder or one without images fails with an {@link IOException} naming the
 * directory and the expected layout.
 *
 * @param dir the folder given by the user
 * @param size S, >= 1
 * @param limit at most this many images (the first in name order); 0 for all
 */
public record FaceFolder(Path dir, int size, int limit) {

    /** What {@code --data} expects, for error messages and help texts. */
    public static final String EXPECTED_LAYOUT =
            "a SCUT-FBP5500 folder with the faces in Images/*.jpg, or a folder of .jpg, .jpeg or .png images";

    public FaceFolder {
        if (size < 1) {
            throw new IllegalArgumentException("face image size must be >= 1; got " + size);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("face image limit must be >= 0 (0 = all); got " + limit);
        }
    }

    /** All faces of a folder at S x S. */
    public static FaceFolder of(Path dir, int size) {
        return new FaceFolder(dir, size, 0);
    }

    /** The folder the images are read from: {@code DIR/Images} or {@code DIR/images} if present, else DIR. */
    public Path imageDirectory() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("face folder not found: " + dir + " (expected " + EXPECTED_LAYOUT + ")");
        }
        for (String sub : new String[] {"Images", "images"}) {
            Path p = dir.resolve(sub);
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return dir;
    }

    /** The reader of the image directory (RGB, S x S, the limit). */
    public ImageFolder reader() throws IOException {
        return new ImageFolder(imageDirectory(), size, size, 3, limit);
    }

    /** Number of images that {@link #load} reads. */
    public int count() throws IOException {
        ImageFolder reader = reader();
        try {
            return reader.files().size();
        } catch (IOException noImages) {
            throw new IOException("no face images found in " + reader.dir() + " (expected " + EXPECTED_LAYOUT + ")",
                    noImages);
        }
    }

    /** Loads the faces as {@code [N, 3, S, S]} in [0, 1], owned by {@code manager}. */
    public NDArray load(NDManager manager) throws IOException {
        count();
        return reader().loadCropped(manager);
    }
}
