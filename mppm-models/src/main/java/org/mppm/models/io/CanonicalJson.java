package org.mppm.models.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * The canonical form of a JSON tree, for checksums: compact UTF-8, object keys sorted, numbers
 * written by value ({@code 1.50} and {@code 1.5} alike; a number that is not decimal, such as
 * NaN, as its text). Two trees have the same canonical form exactly when they differ at most in
 * formatting, key order and the spelling of numbers.
 */
final class CanonicalJson {
    private static final Gson COMPACT = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping()
            .create();

    private CanonicalJson() {}

    static byte[] bytes(JsonElement json) {
        return COMPACT.toJson(tree(json)).getBytes(StandardCharsets.UTF_8);
    }

    private static JsonElement tree(JsonElement json) {
        if (json == null || json.isJsonNull()) {
            return JsonNull.INSTANCE;
        }
        if (json.isJsonObject()) {
            TreeMap<String, JsonElement> sorted = new TreeMap<>();
            json.getAsJsonObject().entrySet().forEach(e -> sorted.put(e.getKey(), tree(e.getValue())));
            JsonObject o = new JsonObject();
            sorted.forEach(o::add);
            return o;
        }
        if (json.isJsonArray()) {
            JsonArray a = new JsonArray();
            json.getAsJsonArray().forEach(e -> a.add(tree(e)));
            return a;
        }
        JsonPrimitive p = json.getAsJsonPrimitive();
        if (p.isNumber()) {
            try {
                return new JsonPrimitive(new BigDecimal(p.getAsString()).stripTrailingZeros());
            } catch (NumberFormatException e) {
                return new JsonPrimitive(p.getAsString());
            }
        }
        return p;
    }
}
