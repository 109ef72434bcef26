package org.mppm.core.geometry;

import ai.djl.ndarray.NDArray;
import org.mppm.core.HostArrays;

/** Small host constants created next to a per-call array, in its manager, type and device. */
final class Constants {
    private Constants() {}

    static NDArray vector(NDArray like, double[] v) {
        try (NDArray d = like.getManager().create(v)) {
            return HostArrays.convert(d, like.getDataType());
        }
    }

    static NDArray matrix(NDArray like, double[][] m) {
        try (NDArray d = like.getManager().create(m)) {
            return HostArrays.convert(d, like.getDataType());
        }
    }
}
