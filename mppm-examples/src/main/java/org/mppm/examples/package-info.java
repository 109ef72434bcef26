/**
 * The {@code mppm} command line ({@link org.mppm.examples.Main}): one subcommand per experiment of
 * the papers, plus {@code bench} and {@code metrics}. Commands parse and check options, call the
 * library and write results; they hold no logic a library user would need.
 */
package org.mppm.examples;
