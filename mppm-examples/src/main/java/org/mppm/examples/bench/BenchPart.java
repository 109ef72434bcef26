package org.mppm.examples.bench;

import java.util.Map;

/** One part of {@code mppm bench}: measures something and returns its JSON fields, in order. */
public interface BenchPart {

    /** Runs the measurement; the map becomes the fields of the printed JSON object. */
    Map<String, Object> run(BenchSettings settings);
}
