package org.mppm.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes a file through a temporary file in the same folder ({@code .<name>.<random>.tmp}) and an
 * atomic rename, so a reader sees the old content or the new one, never a part. The temporary file is
 * created like any new file (mode {@code 0666} less the process umask, {@code rw-r--r--} under the usual
 * umask {@code 022}), not with the owner-only mode of {@link Files#createTempFile}; an existing target
 * is replaced and gets the new file's mode. The temporary file is removed when writing fails. Missing
 * parent folders are created.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** What goes into the file; the stream is closed by {@link #write}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code content} to {@code file} atomically; failures name the file. */
    public static void write(Path file, Content content) throws IOException {
        Objects.requireNonNull(content, "content");
        Path dir = Objects.requireNonNull(file, "file").toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
                content.writeTo(out);
            } catch (IOException e) {
                throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code text} as UTF-8 to {@code file} atomically. */
    public static void writeString(Path file, String text) throws IOException {
        Objects.requireNonNull(text, "text");
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
