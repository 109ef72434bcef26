package org.mppm.models.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mppm.models.evaluation.SampleMeasures.Measures;

/** Nearest-point measures on points whose distances are known by hand. */
class SampleMeasuresTest {

    @Test
    void memorisedSamplesAreAtTheTrainingPointsAndNovelOnesNearerTheUnseen() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray training = m.create(new double[][] {{0, 0}, {4, 0}});
            NDArray unseen = m.create(new double[][] {{0, 3}});
            NDArray all = training.concat(unseen);
            try (SampleMeasures measures = new SampleMeasures(training, all, unseen, x -> 0.5)) {
                Measures copies = measures.of(m.create(new double[][] {{0, 0}, {4, 0}}));
                assertEquals(0, copies.trainingDistance(), 1e-12);
                assertEquals(0, copies.classDistance(), 1e-12);
                assertEquals(0, copies.novelFraction());
                assertEquals(2, copies.spread(), 1e-12, "both points are 2 from their mean");
                assertEquals(0.5, copies.classifierAgreement());
                Measures novel = measures.of(m.create(new double[][] {{0, 2.5}, {4, 1}}));
                assertEquals((2.5 + 1) / 2, novel.trainingDistance(), 1e-12);
                assertEquals((0.5 + 1) / 2, novel.classDistance(), 1e-12);
                assertEquals(0.5, novel.novelFraction(), "only the first sample is nearer the unseen point");
            }
            try (SampleMeasures none = new SampleMeasures(training, all, unseen, null)) {
                assertTrue(Double.isNaN(none.of(training).classifierAgreement()));
            }
        }
    }

    @Test
    void classDistanceIsInterpolatedAlongTheReferenceRuns() {
        List<Measures> kde = List.of(new Measures(0.3, 3, 0, 0, 0, 0), new Measures(0.1, 1, 0, 0, 0, 0),
                new Measures(0.2, 2.5, 0, 0, 0, 0));
        assertEquals(1.75, SampleMeasures.classDistanceAt(kde, 0.15), 1e-12);
        assertEquals(2.75, SampleMeasures.classDistanceAt(kde, 0.25), 1e-12);
        assertNull(SampleMeasures.classDistanceAt(kde, 0.05), "outside the runs' range");
        assertNull(SampleMeasures.classDistanceAt(kde, 0.4));
    }

    @Test
    void matchedRunCarriesItsDistancesAndTheReferenceAtItsTrainingDistance() {
        List<Measures> kde = List.of(new Measures(0.1, 1, 0, 0, 0, 0), new Measures(0.3, 3, 0, 0, 0, 0));
        SampleMeasures.Matched m = SampleMeasures.matched(new Measures(0.2, 1.5, 0, 0, 0, 0), kde);
        assertEquals(0.2, m.trainingDistance());
        assertEquals(1.5, m.smoothedClassDistance());
        assertEquals(2.0, m.kdeClassDistance(), 1e-12);
        assertNull(SampleMeasures.matched(new Measures(0.5, 1, 0, 0, 0, 0), kde).kdeClassDistance(), "beyond the KDE runs");
    }
}
