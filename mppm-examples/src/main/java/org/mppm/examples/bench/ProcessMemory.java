package org.mppm.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's memory as Linux reports it in {@code /proc/self/status}, in MiB (one decimal). */
final class ProcessMemory {
    private ProcessMemory() {}

    /** The peak resident set size (VmHWM), or -1 where /proc is not available. */
    static double peakMiB() {
        return statusMiB("VmHWM:");
    }

    /** The resident set size now (VmRSS), or -1 where /proc is not available. */
    static double residentMiB() {
        return statusMiB("VmRSS:");
    }

    private static double statusMiB(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 102.4) / 10.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
