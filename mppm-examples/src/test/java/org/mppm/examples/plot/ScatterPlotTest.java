package org.mppm.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ScatterPlotTest {

    @Test
    void drawsPointsAtTheirDataCoordinates() {
        BufferedImage image = ScatterPlot.square(124, 1).path(new double[] {-1, -1, 1, 1}, Color.BLUE)
                .points(new double[] {0, 0}, Color.RED, 3).title("t").render();
        assertEquals(124, image.getWidth());
        assertEquals(Color.RED.getRGB(), image.getRGB(62, 62), "the origin is the centre of the square plot; later layers on top");
        assertEquals(Color.WHITE.getRGB(), image.getRGB(40, 90), "empty areas stay white");
        assertNotEquals(Color.WHITE.getRGB(), image.getRGB(90, 34), "the diagonal path is drawn");
    }

    @Test
    void sideBySidePlacesPanelsLeftToRight() {
        BufferedImage a = ScatterPlot.square(100, 1).render();
        BufferedImage b = ScatterPlot.square(120, 1).render();
        BufferedImage both = ScatterPlot.sideBySide(a, b);
        assertEquals(220, both.getWidth());
        assertEquals(120, both.getHeight());
    }

    @Test
    void rejectsEmptyWindows() {
        assertThrows(IllegalArgumentException.class, () -> new ScatterPlot(100, 100, 1, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ScatterPlot(10, 100, 0, 1, 0, 1));
    }
}
