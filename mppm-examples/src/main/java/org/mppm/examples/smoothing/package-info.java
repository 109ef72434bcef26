/** The score-smoothing experiments (Farghly et al.): smoothing-circle, smoothing-curves, smoothing-latent. */
package org.mppm.examples.smoothing;
