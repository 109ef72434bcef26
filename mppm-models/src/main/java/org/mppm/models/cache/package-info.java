/**
 * Load-or-fit caching of trained models: {@link org.mppm.models.cache.ModelCache} reuses a model
 * saved by an earlier run when it was trained with the configuration asked for, and otherwise fits
 * a new one and saves it; {@link org.mppm.models.cache.ModelCache#keyedBy} keys a model that is only
 * valid with another one (an LDM over one DAE's codes) by that model's configuration.
 */
package org.mppm.models.cache;
