package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.mppm.core.SeededNoise;

/**
 * Parameter initialisation drawn on the host from a fit's own generator ({@link SeededNoise}),
 * never from the engine's global one, with the distributions the blocks declare:
 * <ul>
 *   <li>DJL's default weight initializer ({@code Parameter.Type.WEIGHT}: Xavier, Gaussian,
 *       fan-in, magnitude 2; Linear and Conv2d weights): {@code N(0, 2 / fan_in)}, fan-in being
 *       {@code shape[1] * prod(shape[2:])} as DJL computes it;</li>
 *   <li>{@link #uniform(double)} (PyTorch's Linear/Conv2d default, {@link ConvTranspose2d}):
 *       uniform in {@code [-bound, bound)};</li>
 *   <li>constant initializers (biases, batch-norm scales and statistics) as they are.</li>
 * </ul>
 * Any other initializer on a parameter is refused with a message naming the parameter.
 */
public final class SeededInitializer implements Initializer {
    private final Initializer declared;
    private final SeededNoise random;

    private SeededInitializer(Initializer declared, SeededNoise random) {
        this.declared = declared;
        this.random = random;
    }

    /**
     * A uniform initializer on {@code [-bound, bound)} that states its bound, so that
     * {@link #initialize(Block, NDManager, DataType, SeededNoise, Shape...)} can draw it from a
     * fit's generator. A block initialised the plain DJL way draws it from the engine's generator.
     */
    public static Initializer uniform(double bound) {
        return new Uniform(bound);
    }

    /**
     * Initialises every parameter of {@code block} in {@code manager}, drawing in the block's
     * initialisation order from {@code random}; the parameters' declared initializers are restored
     * afterwards. Parameters already initialised are left as they are.
     *
     * @throws IllegalArgumentException if a parameter declares an initializer this class cannot reproduce
     */
    public static void initialize(Block block, NDManager manager, DataType type, SeededNoise random, Shape... inputShapes) {
        Objects.requireNonNull(random, "random");
        Map<Parameter, Initializer> declared = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            Initializer init = parameter.getInitializer();
            if (init == null || isConstant(init)) {
                continue;
            }
            if (!(init == Parameter.Type.WEIGHT.getInitializer() || init instanceof Uniform)) {
                throw new IllegalArgumentException("parameter " + p.getKey() + " has initializer " + init.getClass().getName()
                        + "; a seeded fit reproduces DJL's default weight initializer, SeededInitializer.uniform and constants");
            }
            declared.put(parameter, init);
        }
        declared.forEach((parameter, init) -> parameter.setInitializer(new SeededInitializer(init, random)));
        try {
            block.initialize(manager, type, inputShapes);
        } finally {
            declared.forEach(Parameter::setInitializer);
        }
    }

    private static boolean isConstant(Initializer init) {
        return init == Initializer.ZEROS || init == Initializer.ONES || init instanceof ConstantInitializer;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        if (declared instanceof Uniform u) {
            return random.nextUniform(manager, shape, dataType, -u.bound, u.bound);
        }
        return random.nextNormal(manager, shape, dataType, Math.sqrt(2 / fanIn(shape)));
    }

    /** DJL's Xavier fan-in: {@code shape[1] * prod(shape[2:])}, for shapes of rank >= 2. */
    private static double fanIn(Shape shape) {
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException("a weight needs a shape of rank >= 2 for its fan-in, got " + shape);
        }
        double fanIn = shape.get(1) * (shape.dimension() == 2 ? 1 : (double) shape.slice(2).size());
        if (fanIn == 0) {
            throw new IllegalArgumentException("a weight of shape " + shape + " has fan-in 0");
        }
        return fanIn;
    }

    /** DJL's uniform initializer that remembers its bound. */
    private static final class Uniform extends UniformInitializer {
        final double bound;

        Uniform(double bound) {
            super((float) bound);
            if (!(bound > 0 && Double.isFinite(bound))) {
                throw new IllegalArgumentException("uniform bound must be positive and finite, got " + bound);
            }
            this.bound = (float) bound;
        }
    }
}
