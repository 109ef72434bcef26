package org.mppm.models.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.core.image.ImageFiles;
import org.mppm.core.image.ImageGrid;

class RestorationGridsTest {

    @Test
    void rowsAreCleanDegradedThenTheChosenMethodsColumnsTheTestImages(@TempDir Path dir) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            RestorationGrids grids = new RestorationGrids(dir, m.zeros(new Shape(5, 1, 8, 8)), List.of("dae", "ldm", "lmppm"), 3, 2);
            grids.degraded("noise-0.7", m.ones(new Shape(5, 1, 8, 8)));
            for (String method : List.of("dae", "ldm", "lmppmAutoencoder", "lmppm")) {
                grids.restored("noise-0.7", method, m.full(new Shape(5, 1, 8, 8), 0.5f));
            }
            grids.finished("noise-0.7", null, Map.of());
            ImageGrid grid = grids.last();
            assertEquals(List.of("clean", "degraded", "DAE", "LDM", "LMPPM"), grid.rowNames());
            assertEquals("test image", grid.columnCaption());
            assertEquals(List.of("1", "2", "3"), grid.columnLabels());
            assertTrue(grid.title().contains("noise-0.7"), grid.title());
            assertEquals(grid.render().getWidth(), ImageFiles.read(dir.resolve("grid-noise-0.7.png")).getWidth());
        }
    }
}
