package dev.datagen.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class AugmentationTest {

    private static Augmentation flipsOnly() {
        return new Augmentation(true, null, null, null, null, null, null);
    }

    @Test
    void absentFieldsMeanNoChange() {
        Augmentation none = new Augmentation(null, null, null, null, null, null, null);
        assertThat(none.isIdentity()).isTrue();
        assertThat(none.draw(new SplittableRandom(1), 10, 10).isIdentityGeometry()).isTrue();
    }

    @Test
    void sameDrawsGiveTheSameTransform() {
        Augmentation a = new Augmentation(true, true, 15.0, 0.1, 0.1, 0.2, List.of(0.8, 1.2));
        var t1 = a.draw(new SplittableRandom(42), 28, 28);
        var t2 = a.draw(new SplittableRandom(42), 28, 28);
        assertThat(t1.matrix()).containsExactly(t2.matrix());
        assertThat(t1.brightness()).isEqualTo(t2.brightness()).isBetween(0.8, 1.2);
    }

    @Test
    void aHorizontalFlipMirrorsPixelsExactly() {
        PixelFormat f = PixelFormat.image(2, 3, ColorMode.GRAYSCALE);
        byte[] px = {1, 2, 3, 4, 5, 6};
        Augmentation.Transform flipped = null;
        for (int seed = 0; flipped == null; seed++) {
            var t = flipsOnly().draw(new SplittableRandom(seed), 2, 3);
            if (!t.isIdentityGeometry()) {
                flipped = t;
            }
        }
        assertThat(Augmenter.apply(px.clone(), f, flipped)).containsExactly(3, 2, 1, 6, 5, 4);
        assertThat(Augmenter.apply(px.clone(), PixelFormat.mask(2, 3), flipped)).containsExactly(3, 2, 1, 6, 5, 4);
        // both ways, colour: each pixel's channels move together
        var both = new Augmentation.Transform(new double[] {-1, 0, 1, 0, -1, 1}, 1.0);
        byte[] rgb = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        assertThat(Augmenter.apply(rgb, PixelFormat.image(2, 2, ColorMode.RGB), both))
                .containsExactly(10, 11, 12, 7, 8, 9, 4, 5, 6, 1, 2, 3);
        // horizontally only, an odd width: the middle pixel stays
        var horizontal = new Augmentation.Transform(new double[] {-1, 0, 2, 0, 1, 0}, 1.0);
        byte[] wide = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18};
        assertThat(Augmenter.apply(wide, PixelFormat.image(2, 3, ColorMode.RGB), horizontal))
                .containsExactly(7, 8, 9, 4, 5, 6, 1, 2, 3, 16, 17, 18, 13, 14, 15, 10, 11, 12);
    }

    @Test
    void brightnessSaturatesAndSparesMasks() {
        var brighter = new Augmentation.Transform(new double[] {1, 0, 0, 0, 1, 0}, 2.0);
        byte[] px = {10, (byte) 200};
        assertThat(Augmenter.apply(px.clone(), PixelFormat.image(1, 2, ColorMode.GRAYSCALE), brighter))
                .containsExactly(20, (byte) 255);
        assertThat(Augmenter.apply(px.clone(), PixelFormat.mask(1, 2), brighter)).containsExactly(10, (byte) 200);
    }

    @Test
    void outOfRangeSettingsAreRefused() {
        assertThatThrownBy(() -> new Augmentation(null, null, 181.0, null, null, null, null))
                .hasMessageContaining("rotationRange");
        assertThatThrownBy(() -> new Augmentation(null, null, null, -0.1, null, null, null))
                .hasMessageContaining("widthShiftRange");
        assertThatThrownBy(() -> new Augmentation(null, null, null, null, null, null, List.of(1.2, 0.8)))
                .hasMessageContaining("brightnessRange");
    }
}
