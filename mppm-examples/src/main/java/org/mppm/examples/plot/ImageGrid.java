package org.mppm.examples.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of small grayscale images, each row with a label, scaled up by an integer factor: e.g.
 * noisy training images, Euler samples and MAD samples (the paper's Fig. 7). Pixel values are
 * clipped to [0, 1]. Images are flat row-major {@code [H * W]} arrays.
 */
public final class ImageGrid {
    private static final int LABEL_HEIGHT = 18;
    private static final int GAP = 2;

    private final int height;
    private final int width;
    private final int scale;
    private final List<String> labels = new ArrayList<>();
    private final List<List<double[]>> rows = new ArrayList<>();

    /** Images of {@code height x width} pixels drawn {@code scale} times larger. */
    public ImageGrid(int height, int width, int scale) {
        if (height < 1 || width < 1 || scale < 1) {
            throw new IllegalArgumentException("height, width and scale must be >= 1, got " + height + ", " + width
                    + ", " + scale);
        }
        this.height = height;
        this.width = width;
        this.scale = scale;
    }

    /** Adds a labelled row of images, each {@code [H * W]}. */
    public ImageGrid row(String label, List<double[]> images) {
        for (double[] image : images) {
            if (image.length != height * width) {
                throw new IllegalArgumentException("images must have " + height * width + " pixels, got " + image.length);
            }
        }
        labels.add(label);
        rows.add(List.copyOf(images));
        return this;
    }

    public BufferedImage render() {
        int columns = rows.stream().mapToInt(List::size).max().orElse(1);
        int cell = width * scale + GAP;
        int rowHeight = LABEL_HEIGHT + height * scale + GAP;
        BufferedImage out = new BufferedImage(Math.max(1, columns * cell), Math.max(1, rows.size() * rowHeight),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int r = 0; r < rows.size(); r++) {
                int top = r * rowHeight;
                g.setColor(Color.DARK_GRAY);
                g.drawString(labels.get(r), 2, top + LABEL_HEIGHT - 5);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    double[] image = rows.get(r).get(c);
                    for (int y = 0; y < height; y++) {
                        for (int x = 0; x < width; x++) {
                            int v = (int) Math.round(255 * Math.max(0, Math.min(1, image[y * width + x])));
                            g.setColor(new Color(v, v, v));
                            g.fillRect(c * cell + x * scale, top + LABEL_HEIGHT + y * scale, scale, scale);
                        }
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
