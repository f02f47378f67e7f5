package dev.datagen.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.datagen.client.GeneratorSettings.Subset;

/** The JSON of the settings: the service's names, nothing for what is left to it, read back equal. */
class GeneratorSettingsTest {

    @Test
    void theNewSettingsAreWrittenByTheirJsonNamesAndReadBack() throws Exception {
        GeneratorSettings s = GeneratorSettings.of("train").batchSize(64).rescale(0.5)
                .crop(Crop.randomResized(0.08, 1.0, 0.75, 1.25)).normalize(new Normalize(List.of(0.5), List.of(0.25)))
                .mixup(0.2).cutmix(1.0).sampling(Sampling.weighted("label", List.of(1.0, 2.0)).epochSamples(500))
                .validationSplit(0.2).subset(Subset.VALIDATION).splitSeed(3).stratify(true);
        String json = Transport.JSON.writeValueAsString(s);
        assertEquals("{\"split\":\"train\",\"batchSize\":64,\"rescale\":0.5,"
                + "\"crop\":{\"mode\":\"random-resized\",\"scale\":[0.08,1.0],\"ratio\":[0.75,1.25]},"
                + "\"normalize\":{\"mean\":[0.5],\"std\":[0.25]},\"mixup\":{\"alpha\":0.2},\"cutmix\":{\"alpha\":1.0},"
                + "\"sampling\":{\"mode\":\"weighted\",\"output\":\"label\",\"classWeights\":[1.0,2.0],\"epochSamples\":500},"
                + "\"validationSplit\":0.2,\"subset\":\"validation\",\"splitSeed\":3,\"stratify\":true}", json);
        assertEquals(s, Transport.JSON.readValue(json, GeneratorSettings.class));
        assertEquals("{\"split\":\"test\",\"crop\":{\"mode\":\"center\",\"fraction\":0.875},"
                + "\"sampling\":{\"mode\":\"balanced\",\"output\":\"label\"}}", Transport.JSON.writeValueAsString(
                        GeneratorSettings.of("test").crop(Crop.center(0.875)).sampling(Sampling.balanced("label"))));
        assertEquals("{\"split\":\"test\",\"crop\":{\"mode\":\"pad\"}}",
                Transport.JSON.writeValueAsString(GeneratorSettings.of("test").crop(Crop.pad())));
    }

    @Test
    void eachWitherChangesOneSettingOnly() {
        GeneratorSettings a = GeneratorSettings.of("train").batchSize(8).seed(1).mixup(0.4);
        GeneratorSettings b = a.stratify(true);
        assertEquals(null, a.stratify());
        assertEquals(Boolean.TRUE, b.stratify());
        SettingsFields f = new SettingsFields(b);
        f.stratify = null;
        assertEquals(a, f.build());
        assertEquals(List.of(8, 1L, 0.4), List.of(b.batchSize(), b.seed(), b.mixup().alpha()));
    }
}
