package dev.datagen.generator;

import java.util.ArrayList;
import java.util.List;

import dev.datagen.dataset.DatasetDescriptor;
import dev.datagen.dataset.DatasetDescriptor.InputInfo;
import dev.datagen.dataset.DatasetDescriptor.OutputInfo;
import dev.datagen.dataset.MaskEncoding;
import dev.datagen.dataset.OutputKind;
import dev.datagen.image.PixelFormat;
import dev.datagen.payload.DType;
import dev.datagen.payload.NdArray;

/**
 * The arrays of a generator's batches, derived from the dataset and the settings: names, roles, shapes
 * (batch dimension first) and dtypes. Images: (N,H,W,C) or (N,C,H,W) in the generator's dtype; vector
 * labels: (N,classes) float32; masks: (N,H,W) uint8 ids, or one-hot like the images.
 */
final class BatchLayout {

    enum Kind { IMAGE, VECTOR, MASK }

    /**
     * @param slot        for images and masks, the position of the path in a stored sample row; for vectors,
     *                    the offset of the output in the row's labels
     * @param format      pixel format of the input (images and masks)
     * @param decoded     pixel format decoded and cached: the input's, or fitted as the crop asks
     * @param perSample   shape of one sample
     */
    record Array(String name, NdArray.Role role, Kind kind, DType dtype, int slot, PixelFormat format,
            PixelFormat decoded, int classes, boolean oneHot, long[] perSample) {

        long[] shape(int n) {
            long[] shape = new long[perSample.length + 1];
            shape[0] = n;
            System.arraycopy(perSample, 0, shape, 1, perSample.length);
            return shape;
        }

        long bytesPerSample() {
            return NdArray.elements(perSample) * dtype.bytes();
        }
    }

    private final List<Array> arrays;

    BatchLayout(DatasetDescriptor d, GeneratorSettings s) {
        List<Array> list = new ArrayList<>();
        int pathSlot = 0;
        for (InputInfo in : d.inputs()) {
            PixelFormat f = PixelFormat.image(in.height(), in.width(), in.color()).interpolated(in.interpolation());
            list.add(new Array(in.name(), NdArray.Role.INPUT, Kind.IMAGE, s.dtype(), pathSlot++, f, decoded(f, s), 0, false,
                    imageShape(f.height(), f.width(), f.channels(), s.layout())));
        }
        int labelOffset = 0;
        for (OutputInfo out : d.outputs()) {
            if (out.kind() == OutputKind.MASK) {
                PixelFormat f = PixelFormat.mask(out.height(), out.width());
                boolean oneHot = out.encoding() == MaskEncoding.ONEHOT;
                long[] shape = oneHot ? imageShape(f.height(), f.width(), out.classes(), s.layout())
                        : new long[] {f.height(), f.width()};
                list.add(new Array(out.name(), NdArray.Role.OUTPUT, Kind.MASK, oneHot ? s.dtype() : DType.UINT8,
                        pathSlot++, f, decoded(f, s), out.classes(), oneHot, shape));
            } else {
                list.add(new Array(out.name(), NdArray.Role.OUTPUT, Kind.VECTOR, DType.FLOAT32, labelOffset, null,
                        null, out.classes(), false, new long[] {out.classes()}));
                labelOffset += out.classes();
            }
        }
        this.arrays = List.copyOf(list);
    }

    private static PixelFormat decoded(PixelFormat input, GeneratorSettings s) {
        return s.crop() == null ? input : s.crop().decoded(input);
    }

    private static long[] imageShape(int h, int w, int c, Layout layout) {
        return layout == Layout.NHWC ? new long[] {h, w, c} : new long[] {c, h, w};
    }

    List<Array> arrays() {
        return arrays;
    }

    long bytesPerSample() {
        return arrays.stream().mapToLong(Array::bytesPerSample).sum();
    }
}
