package org.mppm.models.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.mppm.core.io.AtomicFiles;

/**
 * An IDX file of unsigned bytes (the MNIST format): big-endian magic {@code 0x0000 08 nd}, nd
 * dimension sizes (int32), then the bytes in row-major order. Gzip-compressed files are recognised
 * by their own magic and decompressed on the fly. Only the unsigned-byte type (0x08) is read.
 *
 * @param dims dimension sizes
 * @param data {@code prod(dims)} bytes
 */
public record IdxFile(int[] dims, byte[] data) {

    /** Number of items (first dimension). */
    public int count() {
        return dims[0];
    }

    /**
     * Images {@code [N, 1, H, W]} (or {@code [N, H, W]}) in [0, 1] as unsigned bytes
     * {@code round(255 x)}, dimensions {@code [N, H, W]}.
     */
    public static IdxFile fromImages(ai.djl.ndarray.NDArray images) {
        ai.djl.ndarray.types.Shape s = images.getShape();
        if (s.dimension() < 3 || s.dimension() > 4 || (s.dimension() == 4 && s.get(1) != 1)) {
            throw new IllegalArgumentException("IDX images must have shape [N, 1, H, W] or [N, H, W], got " + s);
        }
        int n = (int) s.get(0);
        int h = (int) s.get(s.dimension() - 2);
        int w = (int) s.get(s.dimension() - 1);
        float[] v = images.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        byte[] bytes = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            bytes[i] = (byte) Math.round(Math.max(0, Math.min(1, v[i])) * 255);
        }
        return new IdxFile(new int[] {n, h, w}, bytes);
    }

    /** Labels as a one-dimensional IDX file. */
    public static IdxFile fromLabels(int[] labels) {
        byte[] bytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            bytes[i] = (byte) labels[i];
        }
        return new IdxFile(new int[] {labels.length}, bytes);
    }

    /** Writes the file (gzip when the name ends in .gz) through a temporary file, then moves it into place. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, raw -> {
            try (java.io.OutputStream out = file.toString().endsWith(".gz") ? new java.util.zip.GZIPOutputStream(raw) : raw;
                    java.io.DataOutputStream data = new java.io.DataOutputStream(new java.io.BufferedOutputStream(out))) {
                data.writeInt(0x0800 | dims.length);
                for (int d : dims) {
                    data.writeInt(d);
                }
                data.write(this.data);
            }
        });
    }

    /** Reads a file; every failure names it. */
    public static IdxFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("IDX file not found: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), Files.size(file));
        }
    }

    /** Reads from a stream (raw or gzip); {@code name} appears in error messages. */
    public static IdxFile read(InputStream raw, String name) throws IOException {
        return read(raw, name, -1);
    }

    /**
     * Reads from a stream of {@code length} bytes (-1: unknown). An uncompressed header is checked
     * against the length before anything is allocated; otherwise (gzip, unknown length) the data
     * are read in growing pieces, so a header that claims more than the stream holds fails after
     * allocating only what was there.
     */
    private static IdxFile read(InputStream raw, String name, long length) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        InputStream in = buffered;
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        if (gzip) {
            try {
                in = new GZIPInputStream(buffered);
            } catch (IOException e) {
                throw new IOException("bad gzip header in IDX file " + name + ": " + e.getMessage(), e);
            }
        }
        DataInputStream data = new DataInputStream(in);
        try {
            int magic = data.readInt();
            if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != 0x08 || (magic & 0xff) < 1 || (magic & 0xff) > 4) {
                throw new IOException(String.format(
                        "wrong magic number 0x%08x in IDX file %s: expected 0x000008nn (unsigned bytes, 1 <= nn <= 4)",
                        magic, name));
            }
            int[] dims = new int[magic & 0xff];
            long size = 1;
            for (int i = 0; i < dims.length; i++) {
                dims[i] = data.readInt();
                if (dims[i] < 0) {
                    throw new IOException("negative dimension " + dims[i] + " in IDX file " + name);
                }
                size *= dims[i];
            }
            if (size > Integer.MAX_VALUE - 16) {
                throw new IOException("IDX file " + name + " is too large: dimensions " + Arrays.toString(dims));
            }
            long header = 4L + 4L * dims.length;
            if (!gzip && length >= 0 && header + size > length) {
                throw new IOException("truncated IDX file " + name + ": dimensions " + Arrays.toString(dims)
                        + " need " + size + " data bytes, the file has " + (length - header));
            }
            // readNBytes(int) allocates as data arrive, never the claimed size up front
            byte[] bytes = data.readNBytes((int) size);
            if (bytes.length < size) {
                throw new IOException("truncated IDX file " + name + ": dimensions " + Arrays.toString(dims)
                        + " need " + size + " data bytes, found " + bytes.length);
            }
            return new IdxFile(dims, bytes);
        } catch (EOFException e) {
            throw new IOException("truncated IDX file " + name + ": header ends early", e);
        } catch (java.util.zip.ZipException e) {
            throw new IOException("corrupt gzip data in IDX file " + name + ": " + e.getMessage(), e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains(name)) {
                throw e;
            }
            throw new IOException("cannot read IDX file " + name + ": " + e.getMessage(), e);
        }
    }
}
