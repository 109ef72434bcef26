/**
 * Files written so that a reader never sees half of one: {@link org.mppm.core.io.AtomicFiles}.
 */
package org.mppm.core.io;
