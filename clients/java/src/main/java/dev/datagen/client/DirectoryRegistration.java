package dev.datagen.client;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A Keras {@code flow_from_directory} registration: one sub-folder per class in each split's folder.
 *
 * @param splits split name to folder on the service's machine (absolute, or relative to its first data
 *               root); {@code train} is required
 * @param size   [height, width] to resize to; null: the first image's size
 * @param color  null: from the first image
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DirectoryRegistration(String name, Map<String, String> splits, List<Integer> size, Color color) {

    public DirectoryRegistration {
        if (name == null || splits == null || !splits.containsKey("train")) {
            throw new IllegalArgumentException("a directory registration needs a name and a train split");
        }
        splits = Map.copyOf(splits);
        size = size == null ? null : List.copyOf(size);
    }

    public static DirectoryRegistration of(String name, Map<String, String> splits) {
        return new DirectoryRegistration(name, splits, null, null);
    }

    public DirectoryRegistration size(int height, int width) {
        return new DirectoryRegistration(name, splits, List.of(height, width), color);
    }

    public DirectoryRegistration color(Color v) {
        return new DirectoryRegistration(name, splits, size, v);
    }

    public enum Color {
        @JsonProperty("rgb") RGB,
        @JsonProperty("grayscale") GRAYSCALE
    }
}
