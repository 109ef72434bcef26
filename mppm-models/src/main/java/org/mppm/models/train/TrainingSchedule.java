package org.mppm.models.train;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.annotations.JsonAdapter;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import org.mppm.core.Checks;

/**
 * How long and in what portions a model trains: at most {@code epochs} passes over the training
 * split in shuffled batches of {@code batchSize}; a fraction of the data is held out for
 * validation, and training stops after {@code patience} epochs without a better validation loss
 * (the best parameters are kept). A validation fraction of 0 holds nothing out: every epoch
 * trains on all the data, and the parameters of the last epoch are kept (patience is then unused). The seed fixes the split, the shuffles, the noise and the
 * initialisation: a fit draws from a generator of its own seeded with it, never from the engine's,
 * so its result does not depend on what other threads do. Fits of different models in several
 * threads run at once, fits of one model queue ({@link Fitter}), each giving the result it gives alone.
 *
 * <p>With {@code microBatches} K above 1 each batch's gradient is the row-weighted sum of the
 * gradients of K consecutive parts of the batch, each drawing its noise from a stream of its own
 * (the same mean gradient up to float rounding, but other noise draws, so other bits than K = 1).
 * For an objective whose rows are independent ({@link Objective#withStore}) the parts run at once on
 * the processors the engine's intra-op threads leave free, giving the same bits as one after another.
 */
@JsonAdapter(TrainingSchedule.Json.class)
public record TrainingSchedule(int epochs, int batchSize, int patience, double validationFraction, long seed,
        int microBatches) {

    public TrainingSchedule {
        Checks.requireAtLeast("epochs", epochs, 1);
        Checks.requireAtLeast("batchSize", batchSize, 1);
        Checks.requireAtLeast("patience", patience, 1);
        Checks.requireAtLeast("microBatches", microBatches, 1);
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must lie in [0, 1), got " + validationFraction);
        }
    }

    /** A schedule whose batches are not split ({@code microBatches} 1). */
    public TrainingSchedule(int epochs, int batchSize, int patience, double validationFraction, long seed) {
        this(epochs, batchSize, patience, validationFraction, seed, 1);
    }

    public TrainingSchedule withEpochs(int newEpochs) {
        return new TrainingSchedule(newEpochs, batchSize, patience, validationFraction, seed, microBatches);
    }

    /** The same schedule with each batch's gradient taken over {@code parts} micro-batches. */
    public TrainingSchedule withMicroBatches(int parts) {
        return new TrainingSchedule(epochs, batchSize, patience, validationFraction, seed, parts);
    }

    /** Whether a part of the data is held out to choose the kept epoch and stop early. */
    public boolean validates() {
        return validationFraction > 0;
    }

    public TrainingSchedule withSeed(long newSeed) {
        return new TrainingSchedule(epochs, batchSize, patience, validationFraction, newSeed, microBatches);
    }

    /**
     * The JSON form: the record's fields, without {@code microBatches} when it is 1, so that a
     * schedule written before the field existed reads as 1 and compares equal to today's form.
     */
    static final class Json implements TypeAdapterFactory {
        private static final String MICRO_BATCHES = "microBatches";

        @Override
        @SuppressWarnings("unchecked")
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            TypeAdapter<TrainingSchedule> fields = gson.getDelegateAdapter(this, TypeToken.get(TrainingSchedule.class));
            TypeAdapter<JsonElement> tree = gson.getAdapter(JsonElement.class);
            return (TypeAdapter<T>) new TypeAdapter<TrainingSchedule>() {
                @Override
                public void write(JsonWriter out, TrainingSchedule value) throws IOException {
                    JsonElement json = fields.toJsonTree(value);
                    if (value != null && value.microBatches() == 1) {
                        json.getAsJsonObject().remove(MICRO_BATCHES);
                    }
                    tree.write(out, json);
                }

                @Override
                public TrainingSchedule read(JsonReader in) throws IOException {
                    JsonElement json = tree.read(in);
                    if (json.isJsonObject() && !json.getAsJsonObject().has(MICRO_BATCHES)) {
                        json.getAsJsonObject().addProperty(MICRO_BATCHES, 1);
                    }
                    return fields.fromJsonTree(json);
                }
            }.nullSafe();
        }
    }
}
