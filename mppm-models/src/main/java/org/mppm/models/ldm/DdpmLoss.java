package org.mppm.models.ldm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.mppm.core.SeededNoise;
import org.mppm.models.nn.Stores;
import org.mppm.models.train.LossTerms;
import org.mppm.models.train.Objective;

/**
 * The DDPM training loss (Ho et al. 2020, L_simple) on clean latent codes {@code z_0 [B, d]}:
 * {@code mean |eps - eps_theta(sqrt(alphaBar_t) z_0 + sqrt(1 - alphaBar_t) eps, t / T)|^2}, the
 * mean over every entry (PyTorch's MSELoss), with t uniform in 1..T and eps ~ N(0, I) drawn per
 * sample from the fit's generator (one host draw each per batch). One term, {@code "mse"}.
 */
public final class DdpmLoss implements Objective {
    private final NoisePredictor predictor;
    private final DdpmSchedule schedule;
    private final ParameterStore store;

    public DdpmLoss(NoisePredictor predictor, DdpmSchedule schedule) {
        this(predictor, schedule, Stores.direct());
    }

    private DdpmLoss(NoisePredictor predictor, DdpmSchedule schedule, ParameterStore store) {
        this.predictor = predictor;
        this.schedule = schedule;
        this.store = java.util.Objects.requireNonNull(store, "store");
    }

    /** This loss reading the predictor through {@code store}: its rows are independent (an MLP, a mean over rows). */
    @Override
    public java.util.Optional<Objective> withStore(ParameterStore store) {
        return java.util.Optional.of(new DdpmLoss(predictor, schedule, store));
    }

    @Override
    public LossTerms terms(NDArray clean, boolean training, SeededNoise random) {
        NDManager m = clean.getManager();
        long b = clean.getShape().get(0);
        NDArray t = random.nextIntegers(m, new Shape(b), 1, schedule.steps() + 1L);
        NDArray eps = random.nextNormal(m, clean.getShape(), clean.getDataType(), 1);
        NDArray zt = schedule.diffuse(clean, t, eps);
        NDArray tau = t.toType(clean.getDataType(), false).div(schedule.steps()).expandDims(1);
        NDArray predicted = predictor.predict(store, zt, tau, training);
        return new LossTerms().add("mse", predicted.sub(eps).square().mean());
    }
}
