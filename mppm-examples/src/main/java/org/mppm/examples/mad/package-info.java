/** The MAD experiments: mad-toy (Gaussian mixtures) and mad-shapes (shape images). */
package org.mppm.examples.mad;
