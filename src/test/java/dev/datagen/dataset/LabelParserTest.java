package dev.datagen.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelParserTest {

    @Test
    void parsesWhitespaceSeparatedDecimals() {
        assertThat(LabelParser.parse("0 0\t1  0", 10)).containsExactly(0f, 0f, 1f, 0f);
        assertThat(LabelParser.parse("-1.5 +2e3 .25 3.", 10)).containsExactly(-1.5f, 2000f, 0.25f, 3f);
    }

    @Test
    void refusesWhatFloatParseFloatWouldAccept() {
        for (String bad : new String[] {"NaN", "Infinity", "-Infinity", "1f", "0x1p3", "1d", "1e", "e5", "."}) {
            assertThatThrownBy(() -> LabelParser.parse("0 " + bad, 10)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value 2");
        }
    }

    @Test
    void refusesValuesOutsideFloat32() {
        assertThatThrownBy(() -> LabelParser.parse("1e39", 10)).hasMessageContaining("float32 range");
    }

    @Test
    void refusesMoreValuesThanTheLimitWithoutReadingThemAll() {
        String wide = "0 ".repeat(1000);
        assertThatThrownBy(() -> LabelParser.parse(wide, 100)).hasMessageContaining("more than 100 values");
    }

    @Test
    void tellsNumbersFromPaths() {
        assertThat(LabelParser.looksNumeric("0 1 0")).isTrue();
        assertThat(LabelParser.looksNumeric("masks/001.png")).isFalse();
        assertThat(LabelParser.looksNumeric("1.png")).isFalse();
    }

    @Test
    void recognisesOneHot() {
        assertThat(LabelParser.isOneHot(new float[] {0, 1, 0})).isTrue();
        assertThat(LabelParser.isOneHot(new float[] {0, 1, 1})).isFalse();
        assertThat(LabelParser.isOneHot(new float[] {0, 0.5f, 0})).isFalse();
        assertThat(LabelParser.isOneHot(new float[] {0, 0, 0})).isFalse();
    }
}
