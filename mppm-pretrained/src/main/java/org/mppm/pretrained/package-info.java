/**
 * Trained models that ship with mppm: {@link org.mppm.pretrained.Pretrained} lists them and extracts
 * them to a per-user cache, {@link org.mppm.pretrained.BuiltinLocator} makes them the locations
 * {@code builtin:NAME} of {@link org.mppm.models.io.SavedModels}, and
 * {@link org.mppm.pretrained.TrainBuiltins} trains them again and rewrites their files and provenance.
 */
package org.mppm.pretrained;
