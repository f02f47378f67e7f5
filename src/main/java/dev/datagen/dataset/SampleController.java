package dev.datagen.dataset;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.datagen.dataset.DatasetDescriptor.OutputInfo;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Samples", description = "One sample's paths, labels and images, for inspection and the dashboard")
@RestController
@RequestMapping("/api/datasets/{name}/splits/{split}/samples")
class SampleController {

    private final SampleLookup lookup;

    SampleController(SampleLookup lookup) {
        this.lookup = lookup;
    }

    /**
     * @param inputs  input name to image path
     * @param outputs output name to its label vector, or to the mask path
     */
    record SampleResponse(String dataset, String split, int index, Map<String, String> inputs,
            Map<String, Object> outputs, Map<String, String> classes, Map<String, String> links) {
    }

    @Operation(summary = "One sample: its image paths and labels")
    @GetMapping("/{index}")
    SampleResponse sample(@PathVariable String name, @PathVariable String split, @PathVariable int index) {
        Dataset d = lookup.dataset(name);
        SampleRow row = lookup.row(d, split, index);
        DatasetDescriptor desc = d.descriptor();
        Map<String, String> inputs = new LinkedHashMap<>();
        Map<String, String> links = new LinkedHashMap<>();
        String base = "/api/datasets/" + name + "/splits/" + split + "/samples/" + index;
        for (int i = 0; i < desc.inputs().size(); i++) {
            inputs.put(desc.inputs().get(i).name(), row.paths()[i]);
            links.put(desc.inputs().get(i).name(), base + "/" + desc.inputs().get(i).name());
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        Map<String, String> classes = new LinkedHashMap<>();
        int mask = desc.inputs().size();
        int at = 0;
        for (OutputInfo o : desc.outputs()) {
            if (o.kind() == OutputKind.MASK) {
                outputs.put(o.name(), row.paths()[mask++]);
                links.put(o.name(), base + "/" + o.name());
            } else {
                float[] v = Arrays.copyOfRange(row.labels(), at, at + o.classes());
                at += o.classes();
                outputs.put(o.name(), v);
                if (o.kind() == OutputKind.CATEGORICAL) {
                    int k = argmax(v);
                    classes.put(o.name(), o.classNames() != null ? k + " (" + o.classNames().get(k) + ")" : String.valueOf(k));
                }
            }
        }
        return new SampleResponse(name, split, index, inputs, outputs, classes, links);
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
