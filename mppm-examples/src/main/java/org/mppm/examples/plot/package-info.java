/** The figures the commands write (PNG). */
package org.mppm.examples.plot;
