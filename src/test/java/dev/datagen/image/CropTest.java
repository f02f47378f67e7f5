package dev.datagen.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.datagen.problem.InvalidFieldException;
import dev.datagen.sampling.SplitMix64;

/** Crop regions as torchvision's RandomResizedCrop draws them, and the settings' validation. */
class CropTest {

    static final Crop IMAGENET = new Crop(Crop.Mode.RANDOM_RESIZED, null, null, null);

    @Test
    void randomResizedRegionsLieInTheImageWithTheirAreaAndRatioInRange() {
        SplitMix64 rng = new SplitMix64(11);
        int h = 375;
        int w = 500;
        double smallest = 1;
        double largest = 0;
        for (int i = 0; i < 20_000; i++) {
            Region r = IMAGENET.draw(rng, h, w);
            assertThat(r.y()).isBetween(0, h - r.height());
            assertThat(r.x()).isBetween(0, w - r.width());
            double area = (double) r.height() * r.width() / (h * w);
            double ratio = (double) r.width() / r.height();
            // rounding each side to whole pixels moves both by at most a pixel's worth
            assertThat(area).isBetween(0.08 * 0.97, 1.0);
            assertThat(ratio).isBetween(0.75 * 0.95, 4 / 3.0 * 1.05);
            smallest = Math.min(smallest, area);
            largest = Math.max(largest, area);
        }
        assertThat(smallest).isLessThan(0.09);
        assertThat(largest).isGreaterThan(0.95);
    }

    @Test
    void theSameDrawsGiveTheSameRegion() {
        Region a = IMAGENET.draw(new SplitMix64(3), 100, 80);
        assertThat(IMAGENET.draw(new SplitMix64(3), 100, 80)).isEqualTo(a);
    }

    @Test
    void whenNoTryFitsTheCentralCropWithTheRatioClampedIsTaken() {
        // a 100x100 image cannot hold a 4:1 crop of at least 90% of its area: torchvision's fallback
        Crop wide = new Crop(Crop.Mode.RANDOM_RESIZED, List.of(0.9, 1.0), List.of(4.0, 5.0), null);
        Region r = wide.draw(new SplitMix64(1), 100, 100);
        assertThat(r).isEqualTo(new Region(37, 0, 25, 100));
        Crop tall = new Crop(Crop.Mode.RANDOM_RESIZED, List.of(0.9, 1.0), List.of(0.2, 0.25), null);
        assertThat(tall.draw(new SplitMix64(1), 100, 100)).isEqualTo(new Region(0, 37, 100, 25));
    }

    @Test
    void centeredRegionsKeepTheInputsAspectAndScaleByTheFraction() {
        // 375x500 photo, 224x224 input: the central 375x375 square, then 0.875 of its side
        assertThat(Region.centered(375, 500, 224, 224, 1.0)).isEqualTo(new Region(0, 62, 375, 375));
        Region r = Region.centered(375, 500, 224, 224, 0.875);
        assertThat(r.height()).isEqualTo(328);
        assertThat(r.width()).isEqualTo(328);
        assertThat(r.y()).isEqualTo((375 - 328) / 2);
    }

    @Test
    void badSettingsNameTheirField() {
        assertRefused(() -> new Crop(null, null, null, null), "mode");
        assertRefused(() -> new Crop(Crop.Mode.RANDOM_RESIZED, List.of(0.0, 1.0), null, null), "scale");
        assertRefused(() -> new Crop(Crop.Mode.RANDOM_RESIZED, List.of(0.5, 1.5), null, null), "scale");
        assertRefused(() -> new Crop(Crop.Mode.RANDOM_RESIZED, List.of(0.9, 0.5), null, null), "scale");
        assertRefused(() -> new Crop(Crop.Mode.RANDOM_RESIZED, List.of(0.5), null, null), "scale");
        assertRefused(() -> new Crop(Crop.Mode.RANDOM_RESIZED, null, List.of(-1.0, 2.0), null), "ratio");
        assertRefused(() -> new Crop(Crop.Mode.RANDOM_RESIZED, null, List.of(2.0, 1.0), null), "ratio");
        assertRefused(() -> new Crop(Crop.Mode.CENTER, null, null, 0.0), "fraction");
        assertRefused(() -> new Crop(Crop.Mode.CENTER, null, null, 1.5), "fraction");
        assertRefused(() -> new Crop(Crop.Mode.CENTER, List.of(0.5, 1.0), null, null), "scale");
        assertRefused(() -> new Crop(Crop.Mode.PAD, null, null, 0.5), "fraction");
    }

    private static void assertRefused(Runnable make, String field) {
        assertThatThrownBy(make::run).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }
}
