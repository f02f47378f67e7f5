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
 * @param interpolation how images are resized; null: the service's default ({@code auto})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DirectoryRegistration(String name, Map<String, String> splits, List<Integer> size, Color color,
        Interpolation interpolation) {

    public DirectoryRegistration {
        if (name == null || splits == null || !splits.containsKey("train")) {
            throw new IllegalArgumentException("a directory registration needs a name and a train split");
        }
        splits = Map.copyOf(splits);
        size = size == null ? null : List.copyOf(size);
    }

    public static DirectoryRegistration of(String name, Map<String, String> splits) {
        return new DirectoryRegistration(name, splits, null, null, null);
    }

    public DirectoryRegistration size(int height, int width) {
        return new DirectoryRegistration(name, splits, List.of(height, width), color, interpolation);
    }

    public DirectoryRegistration color(Color v) {
        return new DirectoryRegistration(name, splits, size, v, interpolation);
    }

    public DirectoryRegistration interpolation(Interpolation v) {
        return new DirectoryRegistration(name, splits, size, color, v);
    }

    public enum Color {
        @JsonProperty("rgb") RGB,
        @JsonProperty("grayscale") GRAYSCALE
    }

    /** Keras' names for the resize methods; {@code AUTO}: bilinear, area-averaged where a shrink would alias. */
    public enum Interpolation {
        @JsonProperty("auto") AUTO,
        @JsonProperty("bilinear") BILINEAR,
        @JsonProperty("area") AREA,
        @JsonProperty("bicubic") BICUBIC,
        @JsonProperty("nearest") NEAREST
    }
}
