package org.mppm.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A 2-D chart drawn by JFreeChart: a title, two labelled number axes with ticks, and series of points
 * or lines, later series drawn on top of earlier ones. Points and polylines are given interleaved,
 * {@code [x0, y0, x1, y1, ...]}; a NaN pair breaks a polyline (several paths in one series). The
 * legend lists the named series and is shown when there are at least two; an unnamed series
 * ({@code null} name) is drawn but not listed (e.g. one path of many coloured apart).
 */
public final class XyChart {
    private XyChart() {}

    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** Interleaves {@code xs} and {@code ys} into {@code [x0, y0, x1, y1, ...]}. */
    public static double[] interleave(double[] xs, double[] ys) {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("xs and ys must have the same length; got " + xs.length + " and " + ys.length);
        }
        double[] xy = new double[2 * xs.length];
        for (int i = 0; i < xs.length; i++) {
            xy[2 * i] = xs[i];
            xy[2 * i + 1] = ys[i];
        }
        return xy;
    }

    /** Paths joined into one interleaved array, a NaN pair between consecutive paths. */
    public static double[] joined(List<double[]> paths) {
        int length = paths.stream().mapToInt(p -> p.length + 2).sum();
        double[] xy = new double[Math.max(0, length - 2)];
        int at = 0;
        for (double[] p : paths) {
            if (at > 0) {
                xy[at++] = Double.NaN;
                xy[at++] = Double.NaN;
            }
            System.arraycopy(p, 0, xy, at, p.length);
            at += p.length;
        }
        return xy;
    }

    /** Points on the unit circle from angle {@code from} to {@code to} (radians), {@code segments + 1} of them, interleaved. */
    public static double[] arc(double from, double to, int segments) {
        double[] xy = new double[2 * (segments + 1)];
        for (int i = 0; i <= segments; i++) {
            double a = from + (to - from) * i / segments;
            xy[2 * i] = Math.cos(a);
            xy[2 * i + 1] = Math.sin(a);
        }
        return xy;
    }

    private record Series(String name, double[] xy, Color color, double diameter, float width) {}

    /** Collects the axes and series; {@link #build()} makes the chart. */
    public static final class Builder {
        private final String title;
        private final List<Series> series = new ArrayList<>();
        private String xLabel = "x";
        private String yLabel = "y";
        private double[] xRange;
        private double[] yRange;
        private boolean legend = true;

        private Builder(String title) {
            this.title = Objects.requireNonNull(title, "title");
        }

        /** The axes' labels, with their units (default "x", "y"). */
        public Builder axes(String x, String y) {
            this.xLabel = Objects.requireNonNull(x, "x");
            this.yLabel = Objects.requireNonNull(y, "y");
            return this;
        }

        /** Fixes the x axis to [lo, hi] (default: fitted to the data). */
        public Builder xRange(double lo, double hi) {
            this.xRange = range("x", lo, hi);
            return this;
        }

        /** Fixes the y axis to [lo, hi] (default: fitted to the data). */
        public Builder yRange(double lo, double hi) {
            this.yRange = range("y", lo, hi);
            return this;
        }

        /** Both axes fixed to [-extent, extent]. */
        public Builder square(double extent) {
            return xRange(-extent, extent).yRange(-extent, extent);
        }

        /** No legend even with several series (e.g. when a panel of a {@link ChartSheet} repeats another's). */
        public Builder noLegend() {
            this.legend = false;
            return this;
        }

        /** Dots of {@code diameter} pixels at the interleaved points. */
        public Builder points(String name, double[] xy, Color color, double diameter) {
            return add(new Series(name, even(name, xy), color, diameter, 0f));
        }

        /** A polyline of {@code width} pixels through the interleaved points (NaN pairs break it). */
        public Builder line(String name, double[] xy, Color color, float width) {
            return add(new Series(name, even(name, xy), color, 0, width));
        }

        /** A polyline with a dot of {@code diameter} pixels at each point. */
        public Builder lineWithPoints(String name, double[] xy, Color color, float width, double diameter) {
            return add(new Series(name, even(name, xy), color, diameter, width));
        }

        public JFreeChart build() {
            if (series.isEmpty()) {
                throw new IllegalStateException("chart '" + title + "' has no series");
            }
            NumberAxis x = new NumberAxis(xLabel);
            NumberAxis y = new NumberAxis(yLabel);
            x.setAutoRangeIncludesZero(false);
            y.setAutoRangeIncludesZero(false);
            if (xRange != null) {
                x.setRange(xRange[0], xRange[1]);
            }
            if (yRange != null) {
                y.setRange(yRange[0], yRange[1]);
            }
            XYPlot plot = new XYPlot();
            plot.setDomainAxis(x);
            plot.setRangeAxis(y);
            plot.setOrientation(PlotOrientation.VERTICAL);
            plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(new Color(225, 225, 225));
            plot.setRangeGridlinePaint(new Color(225, 225, 225));
            for (int i = 0; i < series.size(); i++) {
                Series s = series.get(i);
                XYSeries data = new XYSeries(s.name() != null ? s.name() : "#" + i, false, true);
                for (int k = 0; k + 1 < s.xy().length; k += 2) {
                    data.add(s.xy()[k], s.xy()[k + 1]);
                }
                plot.setDataset(i, new XYSeriesCollection(data));
                plot.setRenderer(i, renderer(s));
            }
            long named = series.stream().filter(s -> s.name() != null).count();
            JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, legend && named >= 2);
            chart.setBackgroundPaint(Color.WHITE);
            return chart;
        }

        private static XYLineAndShapeRenderer renderer(Series s) {
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(s.width() > 0, s.diameter() > 0);
            r.setSeriesPaint(0, s.color());
            r.setSeriesVisibleInLegend(0, s.name() != null);
            if (s.width() > 0) {
                r.setSeriesStroke(0, new BasicStroke(s.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            }
            if (s.diameter() > 0) {
                r.setSeriesShape(0, dot(s.diameter()));
                r.setLegendShape(0, dot(Math.max(8, s.diameter())));
            }
            r.setDrawSeriesLineAsPath(false);
            return r;
        }

        private static Shape dot(double diameter) {
            return new Ellipse2D.Double(-diameter / 2, -diameter / 2, diameter, diameter);
        }

        private Builder add(Series s) {
            Objects.requireNonNull(s.color(), "color");
            series.add(s);
            return this;
        }

        private static double[] even(String name, double[] xy) {
            if (xy.length % 2 != 0) {
                throw new IllegalArgumentException("series '" + name + "' needs interleaved x, y pairs; got " + xy.length
                        + " values");
            }
            return xy.clone();
        }

        private static double[] range(String axis, double lo, double hi) {
            if (!(hi > lo) || Double.isInfinite(lo) || Double.isInfinite(hi)) {
                throw new IllegalArgumentException(axis + " range must be finite with lo < hi; got [" + lo + ", " + hi + "]");
            }
            return new double[] {lo, hi};
        }
    }
}
