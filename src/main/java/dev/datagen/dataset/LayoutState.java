package dev.datagen.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.datagen.dataset.DatasetDescriptor.InputInfo;
import dev.datagen.dataset.DatasetDescriptor.OutputInfo;
import dev.datagen.dataset.DatasetDescriptor.SplitInfo;
import dev.datagen.dataset.DatasetSpec.InputSpec;
import dev.datagen.dataset.DatasetSpec.OutputSpec;
import dev.datagen.image.ColorMode;

/**
 * What a registration learns as it reads, input by input and output by output, across all splits; at the
 * end it becomes the {@link DatasetDescriptor}. Only touched by the registering thread.
 */
final class LayoutState {

    static final class Input {
        final String name;
        final InputSpec spec;
        int firstWidth = -1;
        int firstHeight = -1;
        int firstChannels = -1;

        Input(String name, InputSpec spec) {
            this.name = name;
            this.spec = spec;
        }

        boolean colorDeclared() {
            return spec != null && spec.color() != null;
        }

        InputInfo info() {
            ColorMode color = colorDeclared() ? spec.color() : ColorMode.ofChannels(firstChannels);
            int height = spec != null && spec.size() != null ? spec.size().get(0) : firstHeight;
            int width = spec != null && spec.size() != null ? spec.size().get(1) : firstWidth;
            return new InputInfo(name, height, width, color, color.channels());
        }
    }

    static final class Output {
        final String name;
        final OutputSpec spec;
        /** Decided by the first line of the first split. */
        Boolean mask;
        int width = -1;
        boolean allOneHot = true;
        int maxMaskId = 0;
        final Map<String, long[]> counts = new LinkedHashMap<>();
        /** For class folders: names known from the folder tree. */
        List<String> classNames;

        Output(String name, OutputSpec spec) {
            this.name = name;
            this.spec = spec;
        }

        OutputKind declaredKind() {
            return spec == null ? null : spec.kind();
        }

        Integer declaredClasses() {
            return spec == null ? null : spec.classes();
        }

        OutputInfo info(InputInfo firstInput) {
            List<String> names = spec != null && spec.classNames() != null ? spec.classNames() : classNames;
            if (Boolean.TRUE.equals(mask)) {
                int classes = declaredClasses() != null ? declaredClasses() : Math.max(2, maxMaskId + 1);
                MaskEncoding encoding = spec != null && spec.encoding() != null ? spec.encoding() : MaskEncoding.IDS;
                return new OutputInfo(name, OutputKind.MASK, classes, encoding, firstInput.height(),
                        firstInput.width(), names);
            }
            OutputKind kind = declaredKind() != null ? declaredKind()
                    : allOneHot ? OutputKind.CATEGORICAL : OutputKind.MULTILABEL;
            return new OutputInfo(name, kind, width, null, null, null, names);
        }
    }

    final List<Input> inputs = new ArrayList<>();
    final List<Output> outputs = new ArrayList<>();
    final Map<String, Integer> splitSizes = new LinkedHashMap<>();

    DatasetDescriptor descriptor() {
        List<InputInfo> in = inputs.stream().map(Input::info).toList();
        List<OutputInfo> out = outputs.stream().map(o -> o.info(in.get(0))).toList();
        Map<String, SplitInfo> splits = new LinkedHashMap<>();
        splitSizes.forEach((split, size) -> {
            Map<String, long[]> distribution = new LinkedHashMap<>();
            for (Output o : outputs) {
                if (!Boolean.TRUE.equals(o.mask)) {
                    distribution.put(o.name, o.counts.getOrDefault(split, new long[Math.max(0, o.width)]));
                }
            }
            splits.put(split, new SplitInfo(size, distribution));
        });
        return new DatasetDescriptor(in, out, splits);
    }
}
