package dev.datagen.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import dev.datagen.payload.DType;

class PixelWriterTest {

    // one 2x2 RGB sample, HWC: pixel p has channels (10p, 10p+1, 10p+2)
    private static final byte[] HWC = {0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32};

    @Test
    void uint8NhwcIsTheDecodedBytesAtTheSlot() {
        byte[] out = new byte[2 * 12];
        PixelWriter.image(HWC, 2, 2, 3, out, 1, DType.UINT8, Layout.NHWC, 1f);
        assertThat(java.util.Arrays.copyOfRange(out, 12, 24)).containsExactly(HWC);
        assertThat(java.util.Arrays.copyOfRange(out, 0, 12)).containsOnly(0);
    }

    @Test
    void nchwPutsEachChannelInItsOwnPlane() {
        byte[] out = new byte[12];
        PixelWriter.image(HWC, 2, 2, 3, out, 0, DType.UINT8, Layout.NCHW, 1f);
        assertThat(out).containsExactly(0, 10, 20, 30, 1, 11, 21, 31, 2, 12, 22, 32);
    }

    @Test
    void float32AppliesRescaleLittleEndian() {
        byte[] out = new byte[12 * 4];
        PixelWriter.image(HWC, 2, 2, 3, out, 0, DType.FLOAT32, Layout.NCHW, 0.5f);
        var f = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        assertThat(f.get(0)).isEqualTo(0f);
        assertThat(f.get(1)).isEqualTo(5f);
        assertThat(f.get(4)).isEqualTo(0.5f);
        assertThat(f.get(11)).isEqualTo(16f);
    }

    @Test
    void float32NormalizesEachChannelInBothLayoutsAsNumpyWould() {
        float scale = 1f / 255;
        float[] mean = {0.485f, 0.456f, 0.406f};
        float[] std = {0.229f, 0.224f, 0.225f};
        byte[] nhwc = new byte[2 * 12 * 4];
        byte[] nchw = new byte[2 * 12 * 4];
        PixelWriter.image(HWC, 2, 2, 3, nhwc, 1, DType.FLOAT32, Layout.NHWC, scale, mean, std);
        PixelWriter.image(HWC, 2, 2, 3, nchw, 1, DType.FLOAT32, Layout.NCHW, scale, mean, std);
        var a = ByteBuffer.wrap(nhwc).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        var b = ByteBuffer.wrap(nchw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int p = 0; p < 4; p++) {
            for (int ch = 0; ch < 3; ch++) {
                float expected = ((HWC[p * 3 + ch] & 0xFF) * scale - mean[ch]) / std[ch];
                assertThat(a.get(12 + p * 3 + ch)).as("NHWC pixel %d channel %d", p, ch).isEqualTo(expected);
                assertThat(b.get(12 + ch * 4 + p)).as("NCHW pixel %d channel %d", p, ch).isEqualTo(expected);
            }
        }
        assertThat(a.get(0)).as("slot 0 untouched").isEqualTo(0f);
    }

    @Test
    void oneThreadWritingWithOtherSettingsInTurnGetsEachSettingsOwnValues() {
        // the value tables are kept per thread from sample to sample: a change of settings must not reuse them
        float[] mean = {0.5f, 0.25f, 0f};
        float[] std = {2f, 4f, 1f};
        float[][][] settings = {{{0.5f}, null, null}, {{0.5f}, mean, std}, {{0.5f}, mean, {1f, 1f, 1f}},
                {{2f}, null, null}, {{0.5f}, null, null}};
        for (float[][] s : settings) {
            byte[] out = new byte[12 * 4];
            PixelWriter.image(HWC, 2, 2, 3, out, 0, DType.FLOAT32, Layout.NHWC, s[0][0], s[1], s[2]);
            var f = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            for (int i = 0; i < 12; i++) {
                int ch = i % 3;
                float x = HWC[i] & 0xFF;
                float expected = s[1] == null ? x * s[0][0] : (x * s[0][0] - s[1][ch]) / s[2][ch];
                assertThat(f.get(i)).as("element %d with scale %s", i, s[0][0]).isEqualTo(expected);
            }
        }
    }

    @Test
    void oneHotMasksSetOneChannelPerPixel() {
        byte[] ids = {0, 2, 1, 2};
        byte[] nhwc = new byte[4 * 3];
        PixelWriter.maskOneHot(ids, 3, nhwc, 0, DType.UINT8, Layout.NHWC);
        assertThat(nhwc).containsExactly(1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1);
        byte[] nchw = new byte[4 * 3];
        PixelWriter.maskOneHot(ids, 3, nchw, 0, DType.UINT8, Layout.NCHW);
        assertThat(nchw).containsExactly(1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1);
    }
}
