/**
 * The {@code bench} command's parts (training and Algorithm 2, the DAE and LDM restorations, the
 * SGEMM roofline, transposed convolution, soak), the FLOP counts of their work; JSON output.
 */
package org.mppm.examples.bench;
