/**
 * Restoration on Apache Spark: {@link org.mppm.spark.ImageRestorer}, an ML {@code Transformer}
 * over a saved mppm model (binary image files or array columns in, restored PNGs or floats, an
 * error column and optional SSIM / PSNR out); {@link org.mppm.spark.ExecutorModels}, the per-JVM
 * cache that loads a model once per executor and shares it across task threads; and
 * {@link org.mppm.spark.SparkRestore}, the {@code spark-restore} command (with its bench) for
 * {@code spark-submit}. Spark is a provided dependency: the cluster supplies it.
 */
package org.mppm.spark;
