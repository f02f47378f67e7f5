package dev.datagen.client;

import java.util.List;
import java.util.Map;

/**
 * A registered dataset as the service describes it.
 *
 * @param imagesChecked on registration only: how many images the service decoded to check them; else null
 */
public record DatasetInfo(String name, String baseDir, List<Input> inputs, List<Output> outputs,
        Map<String, Split> splits, Long imagesChecked) {

    /**
     * A model input: images delivered at height x width with {@code channels} channels.
     *
     * @param color         {@code rgb} or {@code grayscale}
     * @param interpolation how images are resized: {@code auto}, {@code bilinear}, {@code area}, {@code bicubic}
     *                      or {@code nearest}
     */
    public record Input(String name, int height, int width, String color, int channels, String interpolation) {
    }

    /**
     * A model output.
     *
     * @param kind       {@code categorical}, {@code multilabel} or {@code mask}
     * @param classes    vector width, or mask classes
     * @param encoding   masks only: {@code ids} or {@code onehot}
     * @param classNames when known (class folders or the spec); else null
     */
    public record Output(String name, String kind, int classes, String encoding, Integer height, Integer width,
            List<String> classNames) {
    }

    /**
     * @param distribution per vector output, how many samples have each class
     */
    public record Split(int samples, Map<String, long[]> distribution) {
    }

    public Output output(String name) {
        return outputs.stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("dataset " + this.name + " has no output " + name));
    }
}
