package org.mppm.samplers.flow;

import java.util.OptionalDouble;
import org.mppm.core.Checks;

/**
 * When a flow stops: after {@code maxSteps} steps, and, with a tolerance, for each sample as soon
 * as its step {@code |x_{n+1} - x_n|} falls below the tolerance (that sample then stops moving;
 * the flow ends when every sample has stopped).
 */
public record StoppingRule(int maxSteps, OptionalDouble tolerance) {

    public StoppingRule {
        Checks.requireAtLeast("steps", maxSteps, 1);
        tolerance.ifPresent(t -> Checks.requirePositive("tolerance", t));
    }

    /** Exactly {@code steps} steps for every sample (Algorithm 2's num_steps). */
    public static StoppingRule fixedSteps(int steps) {
        return new StoppingRule(steps, OptionalDouble.empty());
    }

    /** At most {@code maxSteps}; a sample stops once its step is below {@code tolerance} (> 0). */
    public static StoppingRule tolerance(double tolerance, int maxSteps) {
        return new StoppingRule(maxSteps, OptionalDouble.of(tolerance));
    }
}
