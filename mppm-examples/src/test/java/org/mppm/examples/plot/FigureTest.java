package org.mppm.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class FigureTest {

    @Test
    void drawsPointsAtTheirDataCoordinates() {
        BufferedImage image = Figure.square(124, 1).path(new double[] {-1, -1, 1, 1}, Color.BLUE)
                .points(new double[] {0, 0}, Color.RED, 3).title("t").render();
        assertEquals(124, image.getWidth());
        assertEquals(Color.RED.getRGB(), image.getRGB(62, 62), "the origin is the centre of the square plot; later layers on top");
        assertEquals(Color.WHITE.getRGB(), image.getRGB(50, 50), "empty areas stay white");
        assertNotEquals(Color.WHITE.getRGB(), image.getRGB(72, 52), "the diagonal path is drawn");
    }

    @Test
    void sideBySidePlacesPanelsLeftToRight() {
        BufferedImage both = Figure.sideBySide(Figure.square(100, 1).render(), Figure.square(120, 1).render());
        assertEquals(220, both.getWidth());
        assertEquals(120, both.getHeight());
    }

    @Test
    void rejectsEmptyWindows() {
        assertThrows(IllegalArgumentException.class, () -> new Figure(100, 100, 1, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Figure(10, 100, 0, 1, 0, 1));
    }
}
