package org.mppm.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.types.Shape;
import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;

/** Reading an array column's values as Spark stores them: every numeric type, nulls, lengths, non-finite values. */
class ImageCodecTest {
    private static final int SIZE = 12;
    private static final ImageCodec CODEC = new ImageCodec(new Shape(1, 3, 4));

    /** Each element as the nearest float, as {@code Number.floatValue} of its Java value gives it. */
    @Property(tries = 200)
    void everyNumericTypeIsReadAsTheNearestFloat(@ForAll("elementTypes") DataType type,
            @ForAll("numbers") List<Double> numbers) {
        Object[] stored = new Object[SIZE];
        float[] expected = new float[SIZE];
        for (int i = 0; i < SIZE; i++) {
            double v = numbers.get(i);
            Number java = javaValue(type, v);
            stored[i] = type.equals(DataTypes.createDecimalType(12, 4))
                    ? Decimal.apply((BigDecimal) java, 12, 4) : java;
            expected[i] = java.floatValue();
        }
        assertArrayEquals(expected, CODEC.values(new GenericArrayData(stored), type));
        if (type.equals(DataTypes.FloatType)) {
            assertArrayEquals(expected, CODEC.values(UnsafeArrayData.fromPrimitiveArray(expected), type));
        }
        if (type.equals(DataTypes.DoubleType)) {
            double[] wide = numbers.stream().mapToDouble(Double::doubleValue).toArray();
            assertArrayEquals(expected, CODEC.values(UnsafeArrayData.fromPrimitiveArray(wide), type));
        }
    }

    @Property(tries = 50)
    void aNullElementIsRefusedByItsIndex(@ForAll @IntRange(min = 0, max = SIZE - 1) int at) {
        Object[] stored = new Object[SIZE];
        for (int i = 0; i < SIZE; i++) {
            stored[i] = i == at ? null : (Object) 0.5f;
        }
        ImageCodec.BadRowException e = assertThrows(ImageCodec.BadRowException.class,
                () -> CODEC.values(new GenericArrayData(stored), DataTypes.FloatType));
        assertEquals("value " + at + " is null, expected a number", e.getMessage());
    }

    @Property(tries = 50)
    void aNonFiniteElementIsRefusedByItsIndex(@ForAll @IntRange(min = 0, max = SIZE - 1) int at,
            @ForAll("nonFinite") float bad) {
        float[] values = new float[SIZE];
        values[at] = bad;
        ImageCodec.BadRowException e = assertThrows(ImageCodec.BadRowException.class,
                () -> CODEC.values(UnsafeArrayData.fromPrimitiveArray(values), DataTypes.FloatType));
        assertEquals("value " + at + " is " + bad + ", expected a finite number", e.getMessage());
    }

    @Property(tries = 30)
    void aWrongLengthIsRefusedWithBothLengths(@ForAll @IntRange(min = 0, max = 40) int length) {
        if (length == SIZE) {
            return;
        }
        ImageCodec.BadRowException e = assertThrows(ImageCodec.BadRowException.class,
                () -> CODEC.values(UnsafeArrayData.fromPrimitiveArray(new float[length]), DataTypes.FloatType));
        assertEquals(length + " values, the model takes 12 (shape (1, 3, 4))", e.getMessage());
    }

    private static Number javaValue(DataType type, double v) {
        if (type.equals(DataTypes.ByteType)) {
            return (byte) v;
        } else if (type.equals(DataTypes.ShortType)) {
            return (short) v;
        } else if (type.equals(DataTypes.IntegerType)) {
            return (int) v;
        } else if (type.equals(DataTypes.LongType)) {
            return (long) (v * 1e6);
        } else if (type.equals(DataTypes.FloatType)) {
            return (float) v;
        } else if (type.equals(DataTypes.DoubleType)) {
            return v;
        }
        return BigDecimal.valueOf(v).setScale(4, java.math.RoundingMode.HALF_EVEN);
    }

    @Provide
    Arbitrary<DataType> elementTypes() {
        return Arbitraries.of(DataTypes.ByteType, DataTypes.ShortType, DataTypes.IntegerType, DataTypes.LongType,
                DataTypes.FloatType, DataTypes.DoubleType, DataTypes.createDecimalType(12, 4));
    }

    @Provide
    Arbitrary<List<Double>> numbers() {
        return Arbitraries.doubles().between(-100, 100).list().ofSize(SIZE);
    }

    @Provide
    Arbitrary<Float> nonFinite() {
        return Arbitraries.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
    }
}
