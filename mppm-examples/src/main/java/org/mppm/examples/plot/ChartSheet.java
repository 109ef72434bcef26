package org.mppm.examples.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.JFreeChart;

/**
 * Charts laid out in rows under one title: row r holds {@code rows.get(r)} left to right, each chart
 * drawn by JFreeChart into a {@code panelWidth x panelHeight} panel. The charts stay available
 * ({@link #rows()}) so their titles, axis labels and legends can be read without the pixels.
 */
public record ChartSheet(String title, List<List<JFreeChart>> rows, int panelWidth, int panelHeight) {
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final int GAP = 8;
    private static final int MIN_PANEL = 160;

    /** Checks the layout; the lists are copied. */
    public ChartSheet {
        Objects.requireNonNull(title, "title");
        if (rows.isEmpty() || rows.stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("sheet '" + title + "' needs at least one chart in every row; got " + rows);
        }
        if (panelWidth < MIN_PANEL || panelHeight < MIN_PANEL) {
            throw new IllegalArgumentException("panels must be at least " + MIN_PANEL + " pixels each way; got " + panelWidth
                    + " x " + panelHeight);
        }
        rows = rows.stream().map(List::copyOf).toList();
    }

    /** One row of charts. */
    public static ChartSheet row(String title, List<JFreeChart> charts, int panelWidth, int panelHeight) {
        return new ChartSheet(title, List.of(charts), panelWidth, panelHeight);
    }

    /** Every chart, row by row. */
    public List<JFreeChart> charts() {
        return rows.stream().flatMap(List::stream).toList();
    }

    /** Renders the sheet: the title, then the rows of panels, on white. */
    public BufferedImage render() {
        int columns = rows.stream().mapToInt(List::size).max().orElseThrow();
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D p = probe.createGraphics();
        FontMetrics metrics = p.getFontMetrics(TITLE_FONT);
        p.dispose();
        int titleH = title.isEmpty() ? 0 : metrics.getHeight() + 2 * GAP;
        int width = Math.max(columns * panelWidth, metrics.stringWidth(title) + 2 * GAP);
        int height = titleH + rows.size() * panelHeight;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.setFont(TITLE_FONT);
            g.drawString(title, GAP, GAP + metrics.getAscent());
            for (int r = 0; r < rows.size(); r++) {
                List<JFreeChart> row = rows.get(r);
                for (int c = 0; c < row.size(); c++) {
                    g.drawImage(row.get(c).createBufferedImage(panelWidth, panelHeight), c * panelWidth,
                            titleH + r * panelHeight, null);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
