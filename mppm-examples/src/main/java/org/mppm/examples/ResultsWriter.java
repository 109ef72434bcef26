package org.mppm.examples;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/**
 * Writes an experiment's outputs into its directory: {@code results.json}, {@code table.md} and
 * PNG figures. Every file is written to a temporary file first and then moved into place, so an
 * interrupted run never leaves a half-written result.
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
        return atomically(name, tmp -> Files.writeString(tmp, content, StandardCharsets.UTF_8));
    }

    /** Writes a PNG atomically. */
    public Path png(String name, BufferedImage image) {
        return atomically(name, tmp -> {
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    private interface Writer {
        void write(Path tmp) throws IOException;
    }

    private Path atomically(String name, Writer writer) {
        Path target = dir.resolve(name);
        try {
            Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
            try {
                writer.write(tmp);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
