/** The {@code bench} command's parts (training, Algorithm 2, transposed convolution, soak); JSON output. */
package org.mppm.examples.bench;
