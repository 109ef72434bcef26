package org.mppm.examples;

import org.mppm.models.data.HalfCircle;
import org.mppm.models.recipes.CircleRecipe;
import org.mppm.models.recipes.Recipes;
import picocli.CommandLine.Option;

/** The circle experiment's data ({@link HalfCircle}) and models ({@link CircleRecipe}) as options. */
public final class CircleModels implements OptionChecks.Validated {
    @Option(names = "--train", defaultValue = "2000", description = "Clean training points (default: ${DEFAULT-VALUE}).")
    int train;
    @Option(names = "--test", defaultValue = "500", description = "Noisy test points (default: ${DEFAULT-VALUE}).")
    int test;
    @Option(names = "--theta0", defaultValue = "1.0", description = "Mode of the data angles (default: ${DEFAULT-VALUE}).")
    double theta0;
    @Option(names = "--spread", defaultValue = "0.6", description = "Std of the data angles before truncation to [0, pi] (default: ${DEFAULT-VALUE}).")
    double spread;
    @Option(names = "--noise", defaultValue = "0.1", description = "Training and test noise sigma (default: ${DEFAULT-VALUE}).")
    double noise;
    @Option(names = "--epochs", defaultValue = "500", description = "Training epochs, both models (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--patience", defaultValue = "100") int patience;
    @Option(names = "--sigma-ker", defaultValue = "0.01") double sigmaKer;
    @Option(names = "--sigma-d", defaultValue = "0.15") double sigmaD;
    @Option(names = "--latent", defaultValue = "8", description = "Latent size d of both autoencoders (Table 6: 8; the circle's own dimension is 1) (default: ${DEFAULT-VALUE}).")
    int latent;
    @Option(names = "--dropout", defaultValue = "0.2", description = "Dropout of the distance network (Table 6: 0.2) (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Override
    public void validate(OptionChecks check) {
        check.atLeast("--train", train, 2).atLeast("--test", test, 1).finite("--theta0", theta0)
                .positive("--spread", spread).positive("--noise", noise).atLeast("--epochs", epochs, 1)
                .atLeast("--patience", patience, 1).positive("--sigma-ker", sigmaKer).positive("--sigma-d", sigmaD)
                .atLeast("--latent", latent, 1).halfOpen("--dropout", dropout, 0, 1);
    }

    /** The half circle: training angles N(--theta0, --spread^2) truncated to [0, pi], test noise --noise. */
    HalfCircle data() {
        return new HalfCircle(theta0, spread, noise);
    }

    /** Both models' settings. */
    CircleRecipe recipe() {
        return Recipes.circleTable6().latent(latent).dropout(dropout).noise(noise).epochs(epochs).patience(patience)
                .kernel(sigmaKer, sigmaD).build();
    }
}
