/**
 * Exact manifolds with closed-form distance and projection, for tests and the papers' toy
 * experiments: {@link org.mppm.core.geometry.Sphere} (circles and spheres embedded in R^D),
 * {@link org.mppm.core.geometry.AffineSubspace}, and {@link org.mppm.core.geometry.PointSetDistance}
 * (the distance to a finite point set). Each is a {@link org.mppm.core.Manifold} and a
 * {@link org.mppm.core.DistanceField}, so every flow runs on them unchanged.
 */
package org.mppm.core.geometry;
