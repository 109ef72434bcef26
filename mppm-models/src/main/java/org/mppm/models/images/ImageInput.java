package org.mppm.models.images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.mppm.core.image.ImageFiles;
import org.mppm.models.data.IdxFile;

/**
 * One input image: a picture file (PNG, JPEG, anything ImageIO decodes), or image {@code index}
 * of an IDX file {@code [N, H, W]} of unsigned bytes (read once by {@link ImageInputs#list}).
 * Its {@link #name()} is the file name, {@code digit.jpg}, or for an IDX image the file name
 * with the index, {@code t10k-images-idx3-ubyte.gz[42]}; its output {@link #pngName()} is
 * {@code digit.png}, {@code t10k-images-idx3-ubyte-000042.png}.
 *
 * @param file  the file
 * @param index the image's index in an IDX file; -1 for a picture file
 * @param idx   the IDX file's contents; null for a picture file
 */
public record ImageInput(Path file, int index, IdxFile idx) {

    public ImageInput {
        Objects.requireNonNull(file, "file");
        if ((idx == null) != (index == -1)) {
            throw new IllegalArgumentException("an IDX image needs its file's contents and an index >= 0; a picture neither");
        }
        if (idx != null && (idx.dims().length != 3 || index < 0 || index >= idx.count())) {
            throw new IllegalArgumentException("index " + index + " is not an image of the IDX file " + file
                    + " with dimensions " + java.util.Arrays.toString(idx.dims()) + " (expected [N, H, W])");
        }
    }

    /** A picture file. */
    public static ImageInput picture(Path file) {
        return new ImageInput(file, -1, null);
    }

    /** The input's name: the file name, with {@code [index]} for an IDX image. */
    public String name() {
        String fileName = file.getFileName().toString();
        return idx == null ? fileName : fileName + "[" + index + "]";
    }

    /** The PNG file name of this input's output: the extension replaced by {@code .png}; IDX images numbered. */
    public String pngName() {
        String fileName = file.getFileName().toString();
        if (idx != null) {
            String base = fileName.toLowerCase(Locale.ROOT).endsWith(".gz") ? fileName.substring(0, fileName.length() - 3) : fileName;
            return String.format(Locale.ROOT, "%s-%06d.png", base, index);
        }
        int dot = fileName.lastIndexOf('.');
        return (dot > 0 ? fileName.substring(0, dot) : fileName) + ".png";
    }

    /** Decodes the image at its own size; fails with an {@link IOException} naming the file. */
    public BufferedImage decode() throws IOException {
        if (idx == null) {
            return ImageFiles.read(file);
        }
        int h = idx.dims()[1];
        int w = idx.dims()[2];
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, w, h, java.util.Arrays.copyOfRange(idx.data(), index * h * w, (index + 1) * h * w));
        return img;
    }
}
