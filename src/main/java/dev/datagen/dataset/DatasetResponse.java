package dev.datagen.dataset;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.datagen.dataset.DatasetDescriptor.InputInfo;
import dev.datagen.dataset.DatasetDescriptor.OutputInfo;
import dev.datagen.dataset.DatasetDescriptor.SplitInfo;

/**
 * A dataset as the API shows it.
 *
 * @param imagesChecked on registration only: how many images were decoded to check them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DatasetResponse(String name, String baseDir, Instant createdAt, List<InputInfo> inputs,
        List<OutputInfo> outputs, Map<String, SplitInfo> splits, Long imagesChecked, Map<String, String> links) {

    static DatasetResponse of(Dataset d, Long imagesChecked) {
        DatasetDescriptor desc = d.descriptor();
        return new DatasetResponse(d.name(), d.baseDir(), d.createdAt(), desc.inputs(), desc.outputs(),
                desc.splits(), imagesChecked,
                links(d.name()));
    }

    /** In this order in every answer: Map.of's iteration order changes from one JVM run to the next. */
    private static Map<String, String> links(String name) {
        Map<String, String> links = new java.util.LinkedHashMap<>();
        links.put("self", "/api/datasets/" + name);
        links.put("generators", "/api/datasets/" + name + "/generators");
        links.put("dashboard", "/datasets/" + name);
        return links;
    }
}
