package splot.nn;

import java.util.List;
import java.util.Map;

/**
 * A layer's constructor arguments as plain values, as stored in a model file's {@code model.json}.
 * Typed getters fail with a message naming the layer type and the missing or mistyped key.
 */
public record Config(String type, Map<String, Object> values) {
    public Config {
        values = Map.copyOf(values);
    }

    public int getInt(String key) {
        return number(key).intValue();
    }

    public double getDouble(String key) {
        return number(key).doubleValue();
    }

    public boolean getBoolean(String key) {
        if (!(require(key) instanceof Boolean b)) throw mistyped(key, "true or false");
        return b;
    }

    public String getString(String key) {
        if (!(require(key) instanceof String s)) throw mistyped(key, "a string");
        return s;
    }

    public int[] getIntArray(String key) {
        if (!(require(key) instanceof List<?> l)) throw mistyped(key, "a list of integers");
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) {
            if (!(l.get(i) instanceof Number n)) throw mistyped(key, "a list of integers");
            a[i] = n.intValue();
        }
        return a;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    private Number number(String key) {
        if (!(require(key) instanceof Number n)) throw mistyped(key, "a number");
        return n;
    }

    private Object require(String key) {
        Object v = values.get(key);
        if (v == null) throw new IllegalArgumentException(type + " config has no '" + key + "'; it has " + values.keySet());
        return v;
    }

    private IllegalArgumentException mistyped(String key, String expected) {
        return new IllegalArgumentException(type + " config '" + key + "' should be " + expected + ", got " + values.get(key));
    }
}
