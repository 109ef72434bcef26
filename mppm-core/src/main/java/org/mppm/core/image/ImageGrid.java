package org.mppm.core.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mppm.core.Scopes;

/**
 * A figure of image rows: row r shows method r, column j sample j. Each row is a batch
 * {@code [N, C, H, W]} in [0, 1] (same N, H, W for all rows; grey rows are shown as grey in an RGB
 * figure). Cells are separated by {@code padding} white pixels and magnified by an integer
 * {@code scale} (nearest neighbour). No text is drawn; {@link #rowNames()} gives the order.
 */
public final class ImageGrid {
    private final List<String> names;
    private final List<float[]> rows;
    private final int n;
    private final int h;
    private final int w;
    private final int[] channels;
    private final int padding;
    private final int scale;

    private ImageGrid(Builder b) {
        this.names = List.copyOf(b.names);
        this.rows = List.copyOf(b.rows);
        this.n = b.n;
        this.h = b.h;
        this.w = b.w;
        this.channels = b.channels.stream().mapToInt(Integer::intValue).toArray();
        this.padding = b.padding;
        this.scale = b.scale;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Names of the rows, top to bottom. */
    public List<String> rowNames() {
        return Collections.unmodifiableList(names);
    }

    /** Renders the figure as an RGB image. */
    public BufferedImage render() {
        int cellW = w * scale;
        int cellH = h * scale;
        int width = n * cellW + (n + 1) * padding;
        int height = rows.size() * cellH + (rows.size() + 1) * padding;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        int plane = h * w;
        for (int r = 0; r < rows.size(); r++) {
            float[] data = rows.get(r);
            int c = channels[r];
            for (int j = 0; j < n; j++) {
                int base = j * c * plane;
                int x0 = padding + j * (cellW + padding);
                int y0 = padding + r * (cellH + padding);
                for (int y = 0; y < cellH; y++) {
                    for (int x = 0; x < cellW; x++) {
                        int p = base + (y / scale) * w + (x / scale);
                        int red = to8(data[p]);
                        int green = c == 3 ? to8(data[p + plane]) : red;
                        int blue = c == 3 ? to8(data[p + 2 * plane]) : red;
                        img.setRGB(x0 + x, y0 + y, red << 16 | green << 8 | blue);
                    }
                }
            }
        }
        return img;
    }

    /** Renders and writes the figure as a PNG, atomically. */
    public void writePng(Path file) throws IOException {
        ImageFiles.writePng(render(), file);
    }

    private static int to8(float v) {
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255.0);
    }

    /** Collects rows; each row is copied to the host once when added. */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<float[]> rows = new ArrayList<>();
        private final List<Integer> channels = new ArrayList<>();
        private int n = -1;
        private int h;
        private int w;
        private int padding = 2;
        private int scale = 1;

        /** Adds a row: images {@code [N, C, H, W]} in [0, 1], C = 1 or 3. */
        public Builder row(String name, NDArray images) {
            Shape s = ImageBatch.requireShape(images, "row '" + name + "'");
            int c = (int) s.get(1);
            if (c != 1 && c != 3) {
                throw new IllegalArgumentException("row '" + name + "' must have 1 or 3 channels; got shape " + s);
            }
            if (n < 0) {
                n = (int) s.get(0);
                h = (int) s.get(2);
                w = (int) s.get(3);
            } else if (s.get(0) != n || s.get(2) != h || s.get(3) != w) {
                throw new IllegalArgumentException("row '" + name + "' has shape " + s + "; earlier rows have N, H, W = "
                        + n + ", " + h + ", " + w);
            }
            names.add(name);
            channels.add(c);
            rows.add(Scopes.host(images, in -> in.toType(DataType.FLOAT32, true).toFloatArray()));
            return this;
        }

        /** White pixels between cells (default 2). */
        public Builder padding(int padding) {
            this.padding = padding;
            return this;
        }

        /** Integer magnification (default 1). */
        public Builder scale(int scale) {
            this.scale = scale;
            return this;
        }

        public ImageGrid build() {
            if (rows.isEmpty()) {
                throw new IllegalStateException("an image grid needs at least one row");
            }
            if (padding < 0 || scale < 1) {
                throw new IllegalStateException("padding must be >= 0 and scale >= 1; got " + padding + ", " + scale);
            }
            return new ImageGrid(this);
        }
    }
}
