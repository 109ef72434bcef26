/**
 * Persistence of trained models: {@link org.mppm.models.io.ModelDirectory}, a checksummed model
 * directory that saves atomically next to the user's own files, serialises concurrent saves and
 * lets loads run during saves; {@link org.mppm.models.io.SavedModels}, which opens a saved model of
 * any kind from a directory or a {@code builtin:NAME} location; and
 * {@link org.mppm.models.io.ModelLocator}, the service through which a module ships built-in models.
 */
package org.mppm.models.io;
