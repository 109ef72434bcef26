package org.mppm.spark;

import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * A function over the partitions of a frame in Spark's internal row format ({@link InternalRow}:
 * arrays of primitives stay unboxed, strings stay UTF-8), giving a frame of the schema the function
 * writes. {@code Dataset.mapPartitions} with a {@code Row} encoder would convert every row to and
 * from external objects, boxing each element of every array column.
 *
 * <p>What this costs a caller: the input is planned when {@link #mapPartitions} is called (its
 * shuffles, if it has any and adaptive execution is on, run then, as {@code Dataset.rdd()} runs
 * them), and the result's plan starts from the function's output rather than from the input's
 * plan. A streaming input is refused (restore each micro-batch, e.g. in
 * {@code writeStream().foreachBatch}); so is a Spark Connect session, whose rows never reach the
 * client's JVM. The result is made by {@code SparkSession.internalCreateDataFrame}, which is
 * {@code private[sql]} in Scala (public in the bytecode) and pins this class to Spark 4.0's
 * classic API.
 */
final class InternalRows {
    private InternalRows() {}

    /**
     * {@code function} applied to each partition of {@code frame}'s rows.
     *
     * @param caller what calls, named first in the errors (e.g. {@code "ImageRestorer"})
     * @param schema the schema of the rows {@code function} returns
     * @throws IllegalArgumentException if {@code frame} is streaming or not of a classic session
     */
    static Dataset<Row> mapPartitions(String caller, Dataset<Row> frame,
            FlatMapFunction<Iterator<InternalRow>, InternalRow> function, StructType schema) {
        if (frame.isStreaming()) {
            throw new IllegalArgumentException(caller + ": a streaming frame cannot be transformed as a whole:"
                    + " transform each micro-batch (writeStream().foreachBatch)");
        }
        if (!(frame.sparkSession() instanceof org.apache.spark.sql.classic.SparkSession session)) {
            throw new IllegalArgumentException(caller + ": needs a classic SparkSession, got "
                    + frame.sparkSession().getClass().getName() + " (Spark Connect clients cannot run JVM functions)");
        }
        RDD<InternalRow> rows = frame.queryExecution().toRdd();
        return session.internalCreateDataFrame(rows.toJavaRDD().mapPartitions(function).rdd(), schema, false);
    }
}
