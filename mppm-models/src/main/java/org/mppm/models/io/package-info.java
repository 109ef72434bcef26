/**
 * Persistence of trained models: {@link org.mppm.models.io.ModelDirectory}, a checksummed model
 * directory that saves atomically next to the user's own files, serialises concurrent saves and
 * lets loads run during saves.
 */
package org.mppm.models.io;
