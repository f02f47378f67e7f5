package dev.datagen.generator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

import dev.datagen.image.Region;
import dev.datagen.payload.Batch;
import dev.datagen.payload.DType;
import dev.datagen.sampling.Beta;
import dev.datagen.sampling.SplitMix64;

/**
 * MixUp and CutMix over a whole batch, after its samples are written: λ ~ Beta(α, α) per (seed, epoch,
 * shard, batch index), and sample i mixed with sample N-1-i (as timm pairs them), each pair from the
 * unmixed values of both. MixUp blends images and vector labels; CutMix pastes a box of area (1-λ) of the
 * input, at a uniform centre and clipped, from the partner into every image and mask, and mixes vector
 * labels by the box's actual area. With both, each batch picks one with probability 1/2.
 */
final class Mixer {

    static final long MIX_DOMAIN = 0x4D49_5855_5043_5554L;
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    private Mixer() {
    }

    /** The batch's mixing, or null when the generator mixes nothing. */
    static Batch.Mix draw(GeneratorSettings s, BatchJob job, int inputHeight, int inputWidth) {
        if (s.mixup() == null && s.cutmix() == null) {
            return null;
        }
        SplitMix64 rng = SplitMix64.of(MIX_DOMAIN, s.seed(), job.epoch(), job.shard(), job.index());
        boolean cutmix = s.mixup() == null || (s.cutmix() != null && rng.nextDouble() < 0.5);
        double lambda = Beta.symmetric(rng, (cutmix ? s.cutmix() : s.mixup()).alpha());
        if (!cutmix) {
            return new Batch.Mix("mixup", lambda, null);
        }
        double cut = Math.sqrt(1 - lambda);
        int cutH = (int) (inputHeight * cut);
        int cutW = (int) (inputWidth * cut);
        int cy = rng.below(inputHeight);
        int cx = rng.below(inputWidth);
        int y0 = clip(cy - cutH / 2, inputHeight);
        int y1 = clip(cy + cutH / 2, inputHeight);
        int x0 = clip(cx - cutW / 2, inputWidth);
        int x1 = clip(cx + cutW / 2, inputWidth);
        double area = (double) (y1 - y0) * (x1 - x0) / ((double) inputHeight * inputWidth);
        return new Batch.Mix("cutmix", 1 - area, new int[] {y0, x0, y1, x1});
    }

    private static int clip(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    /** Mixes the batch's arrays in place; {@code height, width} are the first input's, on which the box lies. */
    static void apply(Batch.Mix mix, List<BatchLayout.Array> specs, byte[][] data, int n, Layout layout, int height,
            int width) {
        for (int a = 0; a < specs.size(); a++) {
            BatchLayout.Array spec = specs.get(a);
            int bytes = (int) spec.bytesPerSample();
            for (int i = 0; i < n / 2; i++) {
                int j = n - 1 - i;
                if (spec.kind() == BatchLayout.Kind.VECTOR || mix.box() == null) {
                    blend(data[a], i * bytes, j * bytes, bytes / 4, (float) mix.lambda());
                } else {
                    swapBox(spec, mix.box(), height, width, data[a], i * bytes, j * bytes, layout);
                }
            }
        }
    }

    /** x_i = λ x_i + (1-λ) x_j and x_j = λ x_j + (1-λ) x_i, from the values before. */
    private static void blend(byte[] data, int at, int partner, int floats, float lambda) {
        float other = 1 - lambda;
        for (int e = 0; e < floats; e++) {
            float a = (float) FLOAT.get(data, at + 4 * e);
            float b = (float) FLOAT.get(data, partner + 4 * e);
            FLOAT.set(data, at + 4 * e, lambda * a + other * b);
            FLOAT.set(data, partner + 4 * e, lambda * b + other * a);
        }
    }

    /** Exchanges the box between two samples of an image or mask array (each pastes the other's). */
    private static void swapBox(BatchLayout.Array spec, int[] box, int height, int width, byte[] data, int at,
            int partner, Layout layout) {
        if (box[2] <= box[0] || box[3] <= box[1]) {
            return; // λ so close to 1 that the box holds no pixel
        }
        int h = spec.format().height();
        int w = spec.format().width();
        Region r = new Region(box[0], box[1], box[2] - box[0], box[3] - box[1]).scaled(height, width, h, w);
        int element = spec.dtype() == DType.FLOAT32 && (spec.kind() == BatchLayout.Kind.IMAGE || spec.oneHot()) ? 4 : 1;
        int channels = spec.kind() == BatchLayout.Kind.IMAGE ? spec.format().channels() : spec.oneHot() ? spec.classes() : 1;
        boolean channelsLast = layout == Layout.NHWC || channels == 1 || (spec.kind() == BatchLayout.Kind.MASK && !spec.oneHot());
        byte[] tmp = new byte[r.width() * channels * element];
        if (channelsLast) {
            for (int y = r.y(); y < r.y() + r.height(); y++) {
                int row = ((y * w) + r.x()) * channels * element;
                swap(data, at + row, partner + row, r.width() * channels * element, tmp);
            }
        } else {
            for (int c = 0; c < channels; c++) {
                for (int y = r.y(); y < r.y() + r.height(); y++) {
                    int row = ((c * h + y) * w + r.x()) * element;
                    swap(data, at + row, partner + row, r.width() * element, tmp);
                }
            }
        }
    }

    private static void swap(byte[] data, int a, int b, int length, byte[] tmp) {
        System.arraycopy(data, a, tmp, 0, length);
        System.arraycopy(data, b, data, a, length);
        System.arraycopy(tmp, 0, data, b, length);
    }
}
