package dev.datagen.dataset;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one order of a dataset's splits: {@code train}, {@code test}, then the others by name. Registration
 * reads splits in it (train first: its first lines decide what every output holds), the registry keeps
 * them in it, and every page and answer lists them in it.
 */
final class Splits {

    private static final Comparator<String> ORDER = Comparator
            .comparingInt((String s) -> s.equals("train") ? 0 : s.equals("test") ? 1 : 2)
            .thenComparing(Comparator.naturalOrder());

    private Splits() {
    }

    /** An unmodifiable copy of {@code splits} in the order above. */
    public static <T> Map<String, T> ordered(Map<String, T> splits) {
        Map<String, T> ordered = new LinkedHashMap<>();
        splits.keySet().stream().sorted(ORDER).forEach(s -> ordered.put(s, splits.get(s)));
        return Collections.unmodifiableMap(ordered);
    }
}
