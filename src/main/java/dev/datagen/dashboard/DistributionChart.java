package dev.datagen.dashboard;

import java.util.ArrayList;
import java.util.List;

import dev.datagen.dataset.DatasetDescriptor;
import dev.datagen.dataset.DatasetDescriptor.OutputInfo;
import tools.jackson.databind.json.JsonMapper;

/**
 * The label distribution of one vector output in one split: how many samples have each class. The page
 * draws it with Chart.js from the two JSON arrays (handed over in data attributes, which Thymeleaf escapes,
 * so no inline script is needed) and also lists it as a table, for screen readers and pages without script.
 *
 * @param classes the x axis: class index, and name when known
 */
record DistributionChart(String id, String output, String split, int samples, List<String> classes, long[] counts) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static List<DistributionChart> of(DatasetDescriptor desc) {
        List<DistributionChart> charts = new ArrayList<>();
        for (OutputInfo o : desc.outputs()) {
            if (!o.kind().isVector()) {
                continue;
            }
            List<String> classes = new ArrayList<>();
            for (int k = 0; k < o.classes(); k++) {
                classes.add(SampleCard.className(o, k));
            }
            for (String split : desc.splits().keySet()) {
                DatasetDescriptor.SplitInfo info = desc.split(split);
                long[] counts = info.distribution() == null ? null : info.distribution().get(o.name());
                if (counts != null) {
                    charts.add(new DistributionChart("distribution-" + o.name() + "-" + split, o.name(), split,
                            info.samples(), List.copyOf(classes), counts.clone()));
                }
            }
        }
        return charts;
    }

    public String classesJson() {
        return JSON.writeValueAsString(classes);
    }

    public String countsJson() {
        return JSON.writeValueAsString(counts);
    }

    public long count(int k) {
        return counts[k];
    }
}
