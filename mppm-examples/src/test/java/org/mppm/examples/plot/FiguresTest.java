package org.mppm.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.core.image.ImageFiles;
import org.mppm.core.image.ImageGrid;
import org.mppm.models.data.PlaneCurves;

/**
 * Every chart the commands draw, on small synthetic data: the title, the axis labels and the legend
 * are in the chart model, and the rendered image has the panel size and is not blank. Set
 * {@code -Dmppm.figures=DIR} to keep the PNGs for a look.
 */
class FiguresTest {
    private static final Random RANDOM = new Random(7);

    @TempDir
    Path tmp;

    @Test
    void circleRestorationsAreTwoPanelsWithErrorBinsInTheLegend() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            double[][] clean = new double[200][];
            for (int i = 0; i < clean.length; i++) {
                double a = Math.PI * i / clean.length;
                clean[i] = new double[] {Math.cos(a), Math.sin(a), 0};
            }
            NDArray dae = m.create(noisyHalfCircle(60, 0.1), new Shape(60, 3));
            NDArray mppm = m.create(noisyHalfCircle(60, 0.02), new Shape(60, 3));
            ChartSheet sheet = CircleFigure.of(clean, dae, distances(dae), mppm, distances(mppm));
            assertEquals(2, sheet.charts().size());
            assertEquals("DAE: G(F(x))", title(sheet.charts().get(0)));
            assertEquals("MPPM: Algorithm 1", title(sheet.charts().get(1)));
            for (JFreeChart c : sheet.charts()) {
                assertAxes(c, "x (data units)", "y (data units)");
                List<String> legend = legend(c);
                assertEquals(2 + CircleFigure.BINS, legend.size(), legend.toString());
                assertEquals(List.of("unit circle", "training data (shifted down 0.15)"), legend.subList(0, 2));
                assertTrue(legend.get(2).startsWith("distance 0.000 to "), legend.toString());
            }
            assertDrawn(sheet.render(), 1200, 560 + 30, "circle-restorations");
        }
    }

    @Test
    void circleTrajectoriesNameBothEquations() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            int steps = 12;
            int batch = 5;
            float[] path = new float[(steps + 1) * batch * 3];
            for (int t = 0; t <= steps; t++) {
                for (int b = 0; b < batch; b++) {
                    double r = 1.5 - 0.5 * t / steps;
                    double a = 2 * Math.PI * b / batch + 0.05 * t;
                    int at = (t * batch + b) * 3;
                    path[at] = (float) (r * Math.cos(a));
                    path[at + 1] = (float) (r * Math.sin(a));
                }
            }
            NDArray eq11 = m.create(path, new Shape(steps + 1, batch, 3));
            NDArray eq12 = eq11.mul(0.9f);
            double[][] angles = IntStream.range(0, 50).mapToObj(i -> new double[] {1 + 0.3 * RANDOM.nextGaussian()})
                    .toArray(double[][]::new);
            JFreeChart chart = CircleTrajectories.of(angles, 1, eq11, eq12);
            assertAxes(chart, "x (data units)", "y (data units)");
            assertEquals(List.of("unit circle", "data on the circle", "theta0 (data mode)", "Eq. 11 trajectories",
                    "Eq. 12 trajectories", "starting points"), legend(chart));
            assertDrawn(chart.createBufferedImage(760, 720), 760, 720, "circle-exact-trajectories");
        }
    }

    @Test
    void smoothingPanelsAndTheNllCurve() throws IOException {
        double[][] train = PlaneCurves.trace(PlaneCurves::bean, 12);
        double[] samples = scatter(train, 400, 0.05);
        JFreeChart curve = CurveSamplesFigure.of("bean: KDE, sigma 0.1", samples, train, PlaneCurves::bean, 1.4);
        assertEquals(List.of("curve", "training points", "samples"), legend(curve));
        assertAxes(curve, "x (data units)", "y (data units)");
        ChartSheet curves = new ChartSheet("smoothing-curves", List.of(List.of(curve, curve), List.of(curve)), 400, 420);
        assertDrawn(curves.render(), 800, 2 * 420 + 30, "smoothing-curves");

        double[][] circle = IntStream.range(0, 8).mapToObj(i -> new double[] {Math.cos(i * Math.PI / 4), Math.sin(i * Math.PI / 4)})
                .toArray(double[][]::new);
        JFreeChart drawn = SmoothingCircleFigure.samples(0.1, scatter(circle, 300, 0.08), circle);
        assertEquals("samples, smoothing sigma = 0.10", title(drawn));
        assertEquals(List.of("unit circle", "training points", "samples"), legend(drawn));
        double[] sigmas = {0.05, 0.1, 0.2, 0.4};
        JFreeChart nll = SmoothingCircleFigure.nll(sigmas, new double[] {1.2, 0.4, 0.1, 0.6}, new double[] {1.1, 0.5, 0.2, 0.7});
        assertAxes(nll, "smoothing width sigma (data units)", "NLL (nats per point)");
        assertEquals(List.of("ours", "authors (smoothing.md)"), legend(nll));
        JFreeChart alone = SmoothingCircleFigure.nll(sigmas, new double[] {1.2, 0.4, 0.1, 0.6}, null);
        assertNull(alone.getLegend(), "one series, no legend");
        assertDrawn(ChartSheet.row("smoothing-circle", List.of(drawn, nll), 460, 480).render(), 920, 480 + 30,
                "smoothing-circle");
    }

    @Test
    void madToyTrajectoriesListOneEntryForAllPaths() throws IOException {
        double[] data = scatter(new double[][] {{0, 0}}, 300, 0.5);
        List<double[]> path = new ArrayList<>();
        double[] state = scatter(new double[][] {{0, 0}}, 6, 1.5);
        for (int s = 0; s < 10; s++) {
            path.add(state.clone());
            for (int i = 0; i < state.length; i++) {
                state[i] *= 0.85;
            }
        }
        JFreeChart chart = TrajectoryFigure.of(2, data, path, scatter(new double[][] {{0, 0}}, 200, 0.3), "thin-0.01: Euler");
        assertEquals(List.of("data", "sample paths (one colour each)", "final samples"), legend(chart));
        assertEquals(1 + 6 + 1, ((XYPlot) chart.getPlot()).getDatasetCount(), "one series per path");
        assertAxes(chart, "x (data units)", "y (data units)");
        assertDrawn(ChartSheet.row("mad-toy, thin-0.01", List.of(chart, chart), 520, 540).render(), 1040, 540 + 30,
                "mad-toy-trajectories");
    }

    @Test
    void latentProgressionLabelsSamplesAndSteps() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray paths = m.randomUniform(0, 1, new Shape(6, 3, 4)); // [T + 1, k, d]
            ImageGrid grid = LatentProgression.of("progression", codes -> codes.sum(new int[] {1}).div(4)
                    .reshape(-1, 1, 1, 1).broadcast(codes.getShape().get(0), 1, 14, 14), paths);
            assertEquals("progression", grid.title());
            assertEquals(List.of("sample 1", "sample 2", "sample 3"), grid.rowNames());
            assertEquals("step", grid.columnCaption());
            assertEquals(List.of("0", "1", "2", "3", "4", "5"), grid.columnLabels());
            BufferedImage img = grid.render();
            assertTrue(img.getWidth() > 6 * 28 && img.getHeight() > 3 * 28);
            keep(img, "latent-progression");
        }
    }

    @Test
    void badSeriesAreRejectedWithTheirName() {
        XyChart.Builder b = XyChart.builder("t");
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> b.points("odd", new double[3], Color.RED, 2));
        assertEquals("series 'odd' needs interleaved x, y pairs; got 3 values", odd.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.xRange(1, 1));
        assertThrows(IllegalStateException.class, b::build);
        assertThrows(IllegalArgumentException.class, () -> ChartSheet.row("s", List.of(), 400, 400));
    }

    private static String title(JFreeChart chart) {
        assertNotNull(chart.getTitle());
        return chart.getTitle().getText();
    }

    private static void assertAxes(JFreeChart chart, String x, String y) {
        XYPlot plot = (XYPlot) chart.getPlot();
        assertEquals(x, plot.getDomainAxis().getLabel());
        assertEquals(y, plot.getRangeAxis().getLabel());
        assertTrue(plot.getDomainAxis().isTickLabelsVisible() && plot.getRangeAxis().isTickLabelsVisible());
        assertTrue(!title(chart).isBlank());
    }

    /** The legend's entries; a chart with two or more has a legend. */
    private static List<String> legend(JFreeChart chart) {
        LegendItemCollection items = chart.getPlot().getLegendItems();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < items.getItemCount(); i++) {
            names.add(items.get(i).getLabel());
        }
        assertEquals(names.size() >= 2, chart.getLegend() != null, "legend shown iff two or more entries: " + names);
        return names;
    }

    /** The image has the expected size and is drawn on: many non-white pixels, several colours. */
    private void assertDrawn(BufferedImage img, int width, int height, String name) throws IOException {
        assertEquals(width, img.getWidth());
        assertTrue(Math.abs(img.getHeight() - height) <= 15, name + ": height " + img.getHeight() + ", expected about " + height);
        int inked = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                inked += rgb != 0xffffff ? 1 : 0;
                colours.add(rgb);
            }
        }
        assertTrue(inked > img.getWidth() * img.getHeight() / 400, name + ": almost blank, " + inked + " sampled pixels inked");
        assertTrue(colours.size() > 10, name + ": " + colours.size() + " colours");
        keep(img, name);
    }

    private void keep(BufferedImage img, String name) throws IOException {
        String dir = System.getProperty("mppm.figures");
        Path file = (dir != null ? Path.of(dir) : tmp).resolve(name + ".png");
        ImageFiles.writePng(img, file);
        assertTrue(Files.size(file) > 1000);
    }

    private static float[] noisyHalfCircle(int n, double noise) {
        float[] p = new float[3 * n];
        for (int i = 0; i < n; i++) {
            double a = Math.PI * RANDOM.nextDouble();
            p[3 * i] = (float) (Math.cos(a) + noise * RANDOM.nextGaussian());
            p[3 * i + 1] = (float) (Math.sin(a) + noise * RANDOM.nextGaussian());
            p[3 * i + 2] = (float) (noise * RANDOM.nextGaussian());
        }
        return p;
    }

    private static double[] distances(NDArray points) {
        float[] p = points.toFloatArray();
        double[] d = new double[p.length / 3];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.hypot(Math.hypot(p[3 * i], p[3 * i + 1]) - 1, p[3 * i + 2]);
        }
        return d;
    }

    private static double[] scatter(double[][] centres, int n, double sd) {
        double[] xy = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double[] c = centres[i % centres.length];
            xy[2 * i] = c[0] + sd * RANDOM.nextGaussian();
            xy[2 * i + 1] = c[1] + sd * RANDOM.nextGaussian();
        }
        return xy;
    }
}
