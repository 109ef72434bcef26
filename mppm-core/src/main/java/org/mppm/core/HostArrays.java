package org.mppm.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Arrays made from host data that outlive their source. On DJL's PyTorch engine an array created
 * from a Java buffer reads that buffer in place, and {@code toType(sameType, true)} returns an
 * array that shares it: once the source is closed the "copy" reads freed memory. Use
 * {@link #convert} to turn a short-lived host-made array into one the engine owns.
 */
public final class HostArrays {
    private HostArrays() {}

    /**
     * An engine-owned copy of {@code source} in {@code type}, in source's manager; never shares
     * storage with {@code source}, which the caller may close at once.
     */
    public static NDArray convert(NDArray source, DataType type) {
        return source.getDataType() == type ? source.duplicate() : source.toType(type, false);
    }
}
