package org.mppm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mppm.models.train.TrainingListener;
import picocli.CommandLine;

/** The MNIST experiments' recipe options: clamped training noise unless --no-clamp-noise; the DAE trains on every digit. */
class MnistModelsTest {

    private static MnistModels parse(String... args) {
        MnistRestoreCommand command = new MnistRestoreCommand();
        new CommandLine(command).parseArgs(args);
        return command.setup;
    }

    @Test
    void clampsTheTrainingNoiseUnlessTurnedOff() {
        assertTrue(parse().recipe().clampNoise());
        assertTrue(parse("--clamp-noise").recipe().clampNoise());
        assertFalse(parse("--no-clamp-noise").recipe().clampNoise());
        assertFalse(parse("--no-clamp-noise").recipe().dae(7, TrainingListener.NONE).config().clampNoisy());
        assertEquals(0, parse().recipe().dae(7, TrainingListener.NONE).config().schedule().validationFraction());
    }
}
