package org.mppm.models.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a folder job writes: never into its input. For an input folder the output may be neither
 * the folder nor inside it (a later run would read the outputs as inputs); for an input file (one
 * image or an IDX file), not the file's own folder, so that {@code --input photo.png --out restored}
 * works from the folder holding the photo. Paths are compared after resolving symbolic links of the
 * parts that exist.
 */
public final class OutputFolder {
    private OutputFolder() {}

    /**
     * Fails with an {@link IllegalArgumentException} naming both paths if {@code out} is, or lies
     * inside, the input folder, or is the folder of an input file; also if {@code out} is an
     * existing regular file.
     */
    public static void requireOutside(Path input, Path out) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(out, "out");
        if (Files.isRegularFile(out)) {
            throw new IllegalArgumentException("output " + out + " is a file; expected a folder (created if missing)");
        }
        Path in = real(input);
        boolean isFolder = Files.isDirectory(in);
        Path folder = isFolder ? in : in.getParent();
        Path o = real(out);
        if (folder != null && (isFolder ? o.startsWith(folder) : o.equals(folder))) {
            throw new IllegalArgumentException("output folder " + out + " is " + (o.equals(folder) ? "" : "inside ")
                    + "the input folder " + folder + "; choose a folder outside it (the input is never written)");
        }
    }

    /** The absolute path with the links of its longest existing prefix resolved. */
    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + p, e);
        }
    }
}
