package org.mppm.core.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mppm.core.Scopes;

/**
 * A labelled figure of image rows: a title on top, a header row naming the columns (a caption such
 * as "sample" or "step" in the corner, one label per column), and one row per method with its name
 * on the left. Row r shows method r, column j sample j. Each row is a batch {@code [N, C, H, W]} in
 * [0, 1] (same N, H, W for all rows; grey rows are shown as grey in an RGB figure). Cells are
 * separated by {@code padding} white pixels and magnified by an integer {@code scale} (nearest
 * neighbour). Column labels wider than a cell are thinned to every k-th label (the first always
 * shown). The labels are also readable without the pixels: {@link #title()}, {@link #rowNames()},
 * {@link #columnCaption()}, {@link #columnLabels()}.
 */
public final class ImageGrid {
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final int GAP = 6;

    private final String title;
    private final List<String> names;
    private final List<float[]> rows;
    private final String columnCaption;
    private final List<String> columnLabels;
    private final int n;
    private final int h;
    private final int w;
    private final int[] channels;
    private final int padding;
    private final int scale;

    private ImageGrid(Builder b) {
        this.title = b.title;
        this.names = List.copyOf(b.names);
        this.rows = List.copyOf(b.rows);
        this.n = b.n;
        this.columnCaption = b.columnCaption;
        this.columnLabels = b.columnLabels != null ? List.copyOf(b.columnLabels) : numbered(n);
        this.h = b.h;
        this.w = b.w;
        this.channels = b.channels.stream().mapToInt(Integer::intValue).toArray();
        this.padding = b.padding;
        this.scale = b.scale;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The title drawn above the grid ({@code ""}: none). */
    public String title() {
        return title;
    }

    /** Names of the rows, top to bottom, as drawn on the left. */
    public List<String> rowNames() {
        return names;
    }

    /** What the columns are (e.g. "sample", "step"), drawn in the header's corner. */
    public String columnCaption() {
        return columnCaption;
    }

    /** The column labels, left to right (default "1" to "N"). */
    public List<String> columnLabels() {
        return columnLabels;
    }

    /** Renders the figure as an RGB image. */
    public BufferedImage render() {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D p = probe.createGraphics();
        FontMetrics label = p.getFontMetrics(LABEL_FONT);
        FontMetrics heading = p.getFontMetrics(TITLE_FONT);
        p.dispose();
        int cellW = w * scale;
        int cellH = h * scale;
        int labelW = label.stringWidth(columnCaption);
        for (String name : names) {
            labelW = Math.max(labelW, label.stringWidth(name));
        }
        labelW += 2 * GAP;
        int widest = columnLabels.stream().mapToInt(label::stringWidth).max().orElse(0);
        int every = Math.max(1, (int) Math.ceil((widest + GAP) / (double) (cellW + padding)));
        int titleH = title.isEmpty() ? 0 : heading.getHeight() + GAP;
        int headerH = label.getHeight() + GAP / 2;
        int gridW = n * cellW + (n + 1) * padding;
        int width = Math.max(labelW + gridW, title.isEmpty() ? 0 : heading.stringWidth(title) + 2 * GAP);
        int top = titleH + headerH;
        int height = top + rows.size() * cellH + (rows.size() + 1) * padding;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            if (!title.isEmpty()) {
                g.setFont(TITLE_FONT);
                g.drawString(title, GAP, GAP / 2 + heading.getAscent());
            }
            g.setFont(LABEL_FONT);
            int baseline = titleH + label.getAscent();
            g.drawString(columnCaption, GAP, baseline);
            for (int j = 0; j < n; j += every) {
                String text = columnLabels.get(j);
                int centre = labelW + padding + j * (cellW + padding) + cellW / 2;
                g.drawString(text, Math.max(labelW, centre - label.stringWidth(text) / 2), baseline);
            }
            for (int r = 0; r < rows.size(); r++) {
                int y = top + padding + r * (cellH + padding);
                g.drawString(names.get(r), GAP, y + cellH / 2 + (label.getAscent() - label.getDescent()) / 2);
            }
        } finally {
            g.dispose();
        }
        drawCells(img, labelW, top, cellW, cellH);
        return img;
    }

    private void drawCells(BufferedImage img, int left, int top, int cellW, int cellH) {
        int plane = h * w;
        for (int r = 0; r < rows.size(); r++) {
            float[] data = rows.get(r);
            int c = channels[r];
            for (int j = 0; j < n; j++) {
                int base = j * c * plane;
                int x0 = left + padding + j * (cellW + padding);
                int y0 = top + padding + r * (cellH + padding);
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
    }

    /** Renders and writes the figure as a PNG, atomically. */
    public void writePng(Path file) throws IOException {
        ImageFiles.writePng(render(), file);
    }

    private static int to8(float v) {
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255.0);
    }

    private static List<String> numbered(int count) {
        List<String> labels = new ArrayList<>(count);
        for (int j = 1; j <= count; j++) {
            labels.add(Integer.toString(j));
        }
        return List.copyOf(labels);
    }

    /** Collects the title, column labels and rows; each row is copied to the host once when added. */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<float[]> rows = new ArrayList<>();
        private final List<Integer> channels = new ArrayList<>();
        private String title = "";
        private String columnCaption = "sample";
        private List<String> columnLabels;
        private int n = -1;
        private int h;
        private int w;
        private int padding = 2;
        private int scale = 1;

        /** The title drawn above the grid (default none). */
        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /** What the columns are ({@code caption}, e.g. "test image"), labelled "1" to "N". */
        public Builder columns(String caption) {
            this.columnCaption = Objects.requireNonNull(caption, "caption");
            this.columnLabels = null;
            return this;
        }

        /**
         * What the columns are ({@code caption}, e.g. "step") and one label per column; by default
         * "sample" and "1" to "N". The number of labels is checked against N at {@link #build()}.
         */
        public Builder columns(String caption, List<String> labels) {
            this.columnCaption = Objects.requireNonNull(caption, "caption");
            this.columnLabels = List.copyOf(labels);
            return this;
        }

        /** Adds a row named {@code name}: images {@code [N, C, H, W]} in [0, 1], C = 1 or 3. */
        public Builder row(String name, NDArray images) {
            Objects.requireNonNull(name, "name");
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
            if (columnLabels != null && columnLabels.size() != n) {
                throw new IllegalStateException("columns: " + columnLabels.size() + " labels for " + n
                        + " images per row");
            }
            return new ImageGrid(this);
        }
    }
}
