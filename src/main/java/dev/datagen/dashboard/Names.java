package dev.datagen.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a setting reads on a page: the name the API uses for it (its JSON name). */
final class Names {

    private Names() {
    }

    static String of(Enum<?> value) {
        try {
            JsonProperty json = value.getDeclaringClass().getField(value.name()).getAnnotation(JsonProperty.class);
            return json != null ? json.value() : value.name();
        } catch (NoSuchFieldException e) {
            return value.name();
        }
    }
}
