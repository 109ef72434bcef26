package org.mppm.models.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.mppm.models.data.IdxFile;
import org.mppm.models.data.ImageFolder;

/**
 * The images of a command-line input: a folder's {@code .png}, {@code .jpg}, {@code .jpeg} files
 * in name order (not searched recursively; hidden files skipped), one picture file, or one IDX
 * file of images {@code [N, H, W]} (a name ending in {@code -ubyte}, {@code .idx}, either with
 * {@code .gz}), whose images become N inputs.
 */
public final class ImageInputs {
    private ImageInputs() {}

    /**
     * The inputs of {@code fileOrFolder}. Fails with an {@link IOException} naming the path if it
     * does not exist, if a folder holds no image file, or if an IDX file cannot be read; a picture
     * that cannot be decoded is not detected here but by the read ({@link ImageReader}).
     */
    public static List<ImageInput> list(Path fileOrFolder) throws IOException {
        if (Files.isDirectory(fileOrFolder)) {
            List<ImageInput> inputs = new ArrayList<>();
            try (Stream<Path> s = Files.list(fileOrFolder)) {
                s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                        .filter(ImageFolder::isImage).sorted().forEach(p -> inputs.add(ImageInput.picture(p)));
            }
            if (inputs.isEmpty()) {
                throw new IOException("no .png, .jpg or .jpeg files in " + fileOrFolder);
            }
            return inputs;
        }
        if (!Files.isRegularFile(fileOrFolder)) {
            throw new IOException("input not found: " + fileOrFolder + " (expected an image file, an IDX file or a folder of images)");
        }
        if (!isIdx(fileOrFolder)) {
            return List.of(ImageInput.picture(fileOrFolder));
        }
        IdxFile idx = IdxFile.read(fileOrFolder);
        if (idx.dims().length != 3) {
            throw new IOException("IDX file " + fileOrFolder + " holds " + idx.dims().length
                    + " dimensions; images need 3, [N, H, W]");
        }
        List<ImageInput> inputs = new ArrayList<>(idx.count());
        for (int i = 0; i < idx.count(); i++) {
            inputs.add(new ImageInput(fileOrFolder, i, idx));
        }
        return inputs;
    }

    /** Whether the name is an IDX file's: ends in {@code -ubyte} or {@code .idx}, optionally with {@code .gz}. */
    public static boolean isIdx(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        return n.endsWith("-ubyte") || n.endsWith(".idx");
    }
}
