package dev.datagen.dashboard;

import java.util.List;

import dev.datagen.dataset.Dataset;
import dev.datagen.dataset.DatasetDescriptor;
import dev.datagen.dataset.OutputKind;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the generator builder on a dataset's page needs to know about the dataset: the splits to choose
 * from, the categorical outputs sampling can draw classes of, the channels normalization needs one value
 * for, and whether MixUp is ruled out by a mask output. The form itself sends the API's own request; this
 * only fills its choices and hints, so nothing here decides whether a setting is valid (the API does).
 *
 * @param channels the channels of the inputs (normalize takes one value per channel, the same for every input)
 */
record BuilderForm(String dataset, List<String> splits, List<Categorical> categorical, int channels,
        boolean hasMasks, boolean apiKeyRequired) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A categorical output: balanced and weighted sampling draw its classes. */
    record Categorical(String name, int classes) {
    }

    static BuilderForm of(Dataset d, boolean apiKeyRequired) {
        DatasetDescriptor desc = d.descriptor();
        List<Categorical> categorical = desc.outputs().stream()
                .filter(o -> o.kind() == OutputKind.CATEGORICAL)
                .map(o -> new Categorical(o.name(), o.classes())).toList();
        int channels = desc.inputs().stream().mapToInt(DatasetDescriptor.InputInfo::channels).max().orElse(1);
        return new BuilderForm(d.name(), List.copyOf(desc.splits().keySet()), categorical, channels,
                desc.maskCount() > 0, apiKeyRequired);
    }

    /** The same facts for the script that writes the snippets and the class-weight hint. */
    public String json() {
        return JSON.writeValueAsString(this);
    }

    /** Torchvision's ImageNet constants, or mid-grey ones for grayscale inputs, as the preset's values. */
    public String presetMean() {
        return channels == 3 ? "0.485, 0.456, 0.406" : "0.5";
    }

    public String presetStd() {
        return channels == 3 ? "0.229, 0.224, 0.225" : "0.5";
    }
}
