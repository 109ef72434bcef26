package org.mppm.examples.plot;

import ai.djl.ndarray.NDArray;
import java.awt.Color;
import java.awt.image.BufferedImage;

/** Fig. 4 with exact geometry: the unit circle, its data, and the Eq. 11 and Eq. 12 trajectories in the xy-plane. */
public final class CircleTrajectories {
    private CircleTrajectories() {}

    /**
     * @param angles the data's angles {@code [N][1]}
     * @param theta0 the data's mode
     * @param eq11   Eq. 11 trajectories {@code [T + 1, B, 3]}
     * @param eq12   Eq. 12 trajectories {@code [T + 1, B, 3]}
     */
    public static BufferedImage of(double[][] angles, double theta0, NDArray eq11, NDArray eq12) {
        Figure f = new Figure(720, 720, -1.7, 1.7, -1.7, 1.7).title("Fig. 4, exact geometry: xy-plane view");
        for (int i = 0; i < 360; i++) {
            double a = 2 * Math.PI * i / 360;
            double b = 2 * Math.PI * (i + 1) / 360;
            f.line(Math.cos(a), Math.sin(a), Math.cos(b), Math.sin(b), Color.GRAY, 1.5f);
        }
        for (double[] c : angles) {
            f.point(Math.cos(c[0]), Math.sin(c[0]), 2, new Color(90, 160, 90));
        }
        f.line(0, 0, 1.6 * Math.cos(theta0), 1.6 * Math.sin(theta0), Color.RED, 1.5f);
        draw(f, eq11, new Color(70, 110, 220));
        draw(f, eq12, new Color(140, 0, 0));
        return f.legend("data on the circle", new Color(90, 160, 90)).legend("theta0 (data mode)", Color.RED)
                .legend("Eq. 11 trajectories", new Color(70, 110, 220)).legend("Eq. 12 trajectories", new Color(140, 0, 0))
                .render();
    }

    private static void draw(Figure f, NDArray path, Color color) {
        long steps = path.getShape().get(0);
        long batch = path.getShape().get(1);
        double[] flat = path.toDoubleArray();
        for (int b = 0; b < batch; b++) {
            double[] xs = new double[(int) steps];
            double[] ys = new double[(int) steps];
            for (int t = 0; t < steps; t++) {
                xs[t] = flat[(int) ((t * batch + b) * 3)];
                ys[t] = flat[(int) ((t * batch + b) * 3 + 1)];
            }
            f.polyline(xs, ys, color, 1.2f);
            f.point(xs[0], ys[0], 2.5, Color.BLACK);
            f.point(xs[xs.length - 1], ys[ys.length - 1], 3, color);
        }
    }
}
