package org.mppm.models.images;

import java.util.List;

/**
 * What a folder job did.
 *
 * @param inputs   the inputs found
 * @param written  the output files written by this run
 * @param existing the inputs skipped because their output file was already there (an earlier,
 *                 interrupted run wrote it)
 * @param failures the inputs that could not be read, with the reasons
 */
public record FolderReport(int inputs, int written, int existing, List<ReadFailure> failures) {

    public FolderReport {
        failures = List.copyOf(failures);
    }

    /** One line, e.g. {@code 200 inputs: 150 written, 48 already done, 2 unreadable}. */
    public String summary() {
        return inputs + " inputs: " + written + " written, " + existing + " already done, " + failures.size() + " unreadable";
    }
}
