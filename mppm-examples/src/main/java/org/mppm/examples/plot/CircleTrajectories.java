package org.mppm.examples.plot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;

/** Fig. 4 with exact geometry: the unit circle, its data, and the Eq. 11 and Eq. 12 trajectories in the xy-plane. */
public final class CircleTrajectories {
    private static final Color EQ11 = new Color(70, 110, 220);
    private static final Color EQ12 = new Color(140, 0, 0);

    private CircleTrajectories() {}

    /**
     * @param angles the data's angles {@code [N][1]}
     * @param theta0 the data's mode
     * @param eq11   Eq. 11 trajectories {@code [T + 1, B, 3]}
     * @param eq12   Eq. 12 trajectories {@code [T + 1, B, 3]}
     */
    public static JFreeChart of(double[][] angles, double theta0, NDArray eq11, NDArray eq12) {
        double[] data = new double[2 * angles.length];
        for (int i = 0; i < angles.length; i++) {
            data[2 * i] = Math.cos(angles[i][0]);
            data[2 * i + 1] = Math.sin(angles[i][0]);
        }
        List<double[]> p11 = paths(eq11);
        List<double[]> p12 = paths(eq12);
        double[] starts = new double[2 * (p11.size() + p12.size())];
        int k = 0;
        for (List<double[]> group : List.of(p11, p12)) {
            for (double[] p : group) {
                starts[k++] = p[0];
                starts[k++] = p[1];
            }
        }
        return XyChart.builder("Fig. 4, exact geometry: trajectories in the xy-plane").square(1.7)
                .axes("x (data units)", "y (data units)")
                .line("unit circle", XyChart.arc(0, 2 * Math.PI, 360), Color.GRAY, 1.5f)
                .points("data on the circle", data, new Color(90, 160, 90), 4)
                .line("theta0 (data mode)", new double[] {0, 0, 1.6 * Math.cos(theta0), 1.6 * Math.sin(theta0)}, Color.RED, 1.5f)
                .line("Eq. 11 trajectories", XyChart.joined(p11), EQ11, 1.2f)
                .line("Eq. 12 trajectories", XyChart.joined(p12), EQ12, 1.2f)
                .points("starting points", starts, Color.BLACK, 5).build();
    }

    /** Each trajectory's (x, y) path, interleaved, from {@code [T + 1, B, 3]}. */
    private static List<double[]> paths(NDArray path) {
        int steps = (int) path.getShape().get(0);
        int batch = (int) path.getShape().get(1);
        double[] flat = path.toType(DataType.FLOAT64, false).toDoubleArray();
        List<double[]> out = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            double[] xy = new double[2 * steps];
            for (int t = 0; t < steps; t++) {
                xy[2 * t] = flat[(t * batch + b) * 3];
                xy[2 * t + 1] = flat[(t * batch + b) * 3 + 1];
            }
            out.add(xy);
        }
        return out;
    }
}
