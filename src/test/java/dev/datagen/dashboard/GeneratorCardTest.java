package dev.datagen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.datagen.generator.Sampling;
import dev.datagen.image.Crop;

/** A generator's settings as its card lists them: in the request's words, not as raw JSON. */
class GeneratorCardTest {

    @Test
    void cropsAreListedInTheRequestsWords() {
        assertThat(GeneratorCard.crop(new Crop(Crop.Mode.CENTER, null, null, 0.875))).isEqualTo("center, fraction 0.875");
        assertThat(GeneratorCard.crop(new Crop(Crop.Mode.RANDOM_RESIZED, null, null, null)))
                .isEqualTo("random-resized, scale [0.08, 1.0], ratio [0.75, 1.33]");
        assertThat(GeneratorCard.crop(new Crop(Crop.Mode.PAD, null, null, null))).isEqualTo("pad");
    }

    @Test
    void samplingIsListedInTheRequestsWords() {
        assertThat(GeneratorCard.sampling(new Sampling(Sampling.Mode.WEIGHTED, "label", List.of(1.0, 1.0, 5.0), 300)))
                .isEqualTo("weighted by label, class weights [1.0, 1.0, 5.0], 300 samples an epoch");
        assertThat(GeneratorCard.sampling(new Sampling(Sampling.Mode.BALANCED, "label", null, null)))
                .isEqualTo("balanced by label");
    }
}
