package org.mppm.examples;

import java.util.Locale;
import org.mppm.models.fid.DigitScore;
import org.mppm.models.fid.FidResult;

/** The markdown table of {@code mnist-generate}: FID and class histogram per run. */
final class MnistGenerateTable {
    private final StringBuilder sb;

    MnistGenerateTable(int samples, String start, int steps, FidResult main, String classifier, int referenceDigits) {
        sb = new StringBuilder(String.format(Locale.ROOT, "# mnist-generate (Fig. 7)%n%n%d digits from pure noise (%s start),"
                + " %d steps of Algorithm 2. Class-conditional FID %.2f (overall %.2f), features of %s, against %d"
                + " clean training digits (the paper: 19.5, its own classifier).%n%n| run | FID | 0 | 1 | 2 | 3 | 4 | 5"
                + " | 6 | 7 | 8 | 9 |%n|---|---|---|---|---|---|---|---|---|---|---|---|%n", samples, start, steps,
                main.classConditional(), main.overall(), classifier, referenceDigits));
    }

    MnistGenerateTable row(String name, DigitScore s) {
        sb.append(String.format(Locale.ROOT, "| %s | %.2f |", name, s.fid()));
        for (int h : s.classHistogram()) {
            sb.append(' ').append(h).append(" |");
        }
        sb.append('\n');
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
