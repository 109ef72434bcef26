/**
 * The everyday commands on a user's own images: {@code train}, {@code restore}, {@code generate},
 * {@code degrade}, {@code evaluate}. Each maps options onto the library
 * ({@link org.mppm.models.images}, {@link org.mppm.models.io.SavedModels}) and draws progress on
 * standard error; results go to standard output.
 */
package org.mppm.examples.workflow;
