package dev.datagen.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.datagen.dataset.DatasetDescriptor.InputInfo;
import dev.datagen.dataset.DatasetDescriptor.MaskStats;
import dev.datagen.dataset.DatasetDescriptor.OutputInfo;
import dev.datagen.dataset.DatasetDescriptor.SplitInfo;

/**
 * What a registration learns as it reads, input by input and output by output, across all splits; at the
 * end it becomes the {@link DatasetDescriptor}. Only touched by the registering thread.
 */
final class LayoutState {

    final List<InputLayout> inputs = new ArrayList<>();
    final List<OutputLayout> outputs = new ArrayList<>();
    final Map<String, Integer> splitSizes = new LinkedHashMap<>();

    int masks() {
        return (int) outputs.stream().filter(OutputLayout::mask).count();
    }

    DatasetDescriptor descriptor() {
        List<InputInfo> in = inputs.stream().map(InputLayout::info).toList();
        List<OutputInfo> out = outputs.stream().map(o -> o.info(in.get(0))).toList();
        Map<String, SplitInfo> splits = new LinkedHashMap<>();
        splitSizes.forEach((split, size) -> {
            Map<String, long[]> distribution = new LinkedHashMap<>();
            Map<String, MaskStats> masks = new LinkedHashMap<>();
            for (OutputLayout o : outputs) {
                if (o.mask()) {
                    masks.put(o.name, o.maskStats(split, size));
                } else {
                    distribution.put(o.name, o.counts(split));
                }
            }
            splits.put(split, new SplitInfo(size, distribution, masks));
        });
        return new DatasetDescriptor(in, out, splits);
    }
}
