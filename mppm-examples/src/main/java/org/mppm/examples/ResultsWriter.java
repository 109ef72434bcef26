package org.mppm.examples;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.mppm.core.io.AtomicFiles;

/**
 * Writes an experiment's outputs into its directory: {@code results.json}, {@code table.md} and
 * PNG figures. Every file is written through {@link AtomicFiles} (a temporary file, then a rename), so an
 * interrupted run never leaves a half-written result; the files get the ordinary mode of a new file
 * ({@code rw-r--r--} under umask 022), readable by the group.
 */
public final class ResultsWriter {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private final Path dir;

    public ResultsWriter(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output directory " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Writes {@code results.json} from a tree of maps, lists and numbers. */
    public Path json(Object results) {
        return text("results.json", GSON.toJson(results) + "\n");
    }

    /** Writes {@code name} (e.g. {@code setup.json}) as pretty-printed JSON of a tree of maps, lists, records and numbers. */
    public Path json(String name, Object tree) {
        return text(name, GSON.toJson(tree) + "\n");
    }

    /** Writes {@code table.md}. */
    public Path markdown(String table) {
        return text("table.md", table);
    }

    /** Writes a text file atomically. */
    public Path text(String name, String content) {
        return atomically(name, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes a PNG atomically. */
    public Path png(String name, BufferedImage image) {
        return atomically(name, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    private Path atomically(String name, AtomicFiles.Content content) {
        Path target = dir.resolve(name);
        try {
            AtomicFiles.write(target, content);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
