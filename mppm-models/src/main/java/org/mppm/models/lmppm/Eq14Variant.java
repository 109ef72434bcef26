package org.mppm.models.lmppm;

/**
 * Where the authors' public code departs from Eq. 14 as printed (mppm-notes.md), as options; the
 * paper's form is the default.
 *
 * @param normalisedShift {@code z_shift = z - D grad D / |grad D|} (paper) or {@code z - D grad D}
 *                        (authors' code)
 * @param l1Consistency   lambda_5 and lambda_6 as Euclidean norms per sample (paper) or as L1 means
 *                        over the entries (authors' code): {@code mean |z_shift - z*|_1 / d} and
 *                        {@code mean |G(z_shift) - x*|_1 / D}
 */
public record Eq14Variant(boolean normalisedShift, boolean l1Consistency) {

    /** Eq. 14 as printed. */
    public static Eq14Variant paper() {
        return new Eq14Variant(true, false);
    }

    /** The authors' code: unnormalised shift, L1-mean consistency terms. */
    public static Eq14Variant authors() {
        return new Eq14Variant(false, true);
    }
}
