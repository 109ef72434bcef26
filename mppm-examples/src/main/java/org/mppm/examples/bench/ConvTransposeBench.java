package org.mppm.examples.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mppm.core.SeededNoise;
import org.mppm.models.nn.ConvTranspose2d;
import org.mppm.models.nn.MnistConvAutoencoder;
import org.mppm.models.nn.SeededInitializer;
import org.mppm.models.nn.Stores;

/**
 * {@code bench --part convtranspose}: every form of {@link ConvTranspose2d} on Table 7's
 * decoder shapes ({@code [B, 64, 7, 7]} -> ConvT(64->32)-ReLU-ConvT(32->1) -> {@code [B, 1, 28, 28]}),
 * forward only and forward + backward (gradients of the weights and the input), in samples/s;
 * and the whole Table 7 autoencoder (default form), encoder + decoder forward + backward of an L2
 * reconstruction loss. Fields: one per form, {@code zeroInsertion}, {@code subPixel}, {@code engine},
 * {@code fold}, {@code engineGemm}, {@code auto} ({@code {"forwardPerSec", "trainPerSec"}}) and {@code autoencoder} ({@code {"trainSamplesPerSec", "form"}}).
 */
public final class ConvTransposeBench implements BenchPart {

    @Override
    public Map<String, Object> run(BenchSettings settings) {
        Map<String, Object> out = new LinkedHashMap<>();
        try (NDManager nd = NDManager.newBaseManager()) {
            for (ConvTranspose2d.Form form : ConvTranspose2d.Form.values()) {
                out.put(key(form), forms(nd, settings, form));
            }
            out.put("autoencoder", autoencoder(nd, settings));
        }
        return out;
    }

    /** ZERO_INSERTION -> zeroInsertion. */
    static String key(ConvTranspose2d.Form form) {
        String[] words = form.name().toLowerCase(java.util.Locale.ROOT).split("_");
        StringBuilder key = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return key.toString();
    }

    private static Map<String, Object> forms(NDManager nd, BenchSettings settings, ConvTranspose2d.Form form) {
        SeededNoise random = new SeededNoise(settings.seed());
        ConvTranspose2d first = new ConvTranspose2d(64, 32, 3, 2, 1, 1, form);
        ConvTranspose2d second = new ConvTranspose2d(32, 1, 3, 2, 1, 1, form);
        Shape in = new Shape(settings.batch(), 64, 7, 7);
        SeededInitializer.initialize(first, nd, DataType.FLOAT32, random, in);
        SeededInitializer.initialize(second, nd, DataType.FLOAT32, random, first.getOutputShapes(new Shape[] {in}));
        NDArray x = random.nextNormal(nd, in, DataType.FLOAT32, 1);
        Map<String, Object> rates = new LinkedHashMap<>();
        rates.put("forwardPerSec", Timing.perSecond(settings, () -> {
            try (NDManager scope = nd.newSubManager()) {
                x.tempAttach(scope);
                decoderLayers(first, second, x, false);
            }
        }));
        rates.put("trainPerSec", Timing.perSecond(settings, () -> {
            try (NDManager scope = nd.newSubManager()) {
                NDArray leaf = x.duplicate();
                leaf.attach(scope);
                leaf.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(decoderLayers(first, second, leaf, true).mean());
                }
            }
        }));
        return rates;
    }

    private static NDArray decoderLayers(ConvTranspose2d first, ConvTranspose2d second, NDArray x, boolean training) {
        NDArray h = Activation.relu(first.forward(Stores.direct(), new NDList(x), training).singletonOrThrow());
        return second.forward(Stores.direct(), new NDList(h), training).singletonOrThrow();
    }

    private static Map<String, Object> autoencoder(NDManager nd, BenchSettings settings) {
        SeededNoise random = new SeededNoise(settings.seed());
        MnistConvAutoencoder ae = new MnistConvAutoencoder(MnistConvAutoencoder.DEFAULT_LATENT);
        Shape in = new Shape(settings.batch(), 1, 28, 28);
        SeededInitializer.initialize(ae, nd, DataType.FLOAT32, random, in);
        NDArray x = random.nextUniform(nd, in, DataType.FLOAT32, 0, 1);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("trainSamplesPerSec", Timing.perSecond(settings, () -> {
            try (NDManager scope = nd.newSubManager()) {
                x.tempAttach(scope);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = ae.forward(Stores.direct(), new NDList(x), true).singletonOrThrow();
                    gc.backward(y.sub(x).square().mean());
                }
            }
        }));
        result.put("form", key(ae.form()));
        return result;
    }
}
