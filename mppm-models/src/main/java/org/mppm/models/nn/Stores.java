package org.mppm.models.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * Parameter access without copies or caches: every block reads its parameter's current array.
 * (DJL's own {@link ParameterStore} remembers the first array it handed out per parameter id, so
 * parameters loaded later would be ignored, and it only knows the device of its own manager.)
 */
public final class Stores {
    private static final ParameterStore DIRECT = new Direct();

    private Stores() {}

    /** The store that hands out each parameter's own array, on whatever device it lives. */
    public static ParameterStore direct() {
        return DIRECT;
    }

    private static final class Direct extends ParameterStore {
        Direct() {
            super(NDManager.newBaseManager(), false);
        }

        @Override
        public NDArray getValue(Parameter parameter, Device device, boolean training) {
            return parameter == null ? null : parameter.getArray();
        }
    }
}
