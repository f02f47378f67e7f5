package dev.datagen.dashboard;

import java.util.List;

import org.springframework.web.util.UriComponentsBuilder;

import dev.datagen.dataset.Dataset;
import dev.datagen.dataset.DatasetDescriptor;
import dev.datagen.dataset.DatasetDescriptor.InputInfo;
import dev.datagen.dataset.DatasetDescriptor.OutputInfo;
import dev.datagen.dataset.OutputKind;

/**
 * A dataset as the dashboard lists it: one line of text per input and output, and the splits in a stable
 * order (train, test, then by name; the descriptor's map has none).
 */
record DatasetSummary(String name, String baseDir, List<Field> inputs, List<Field> outputs, List<SplitSize> splits) {

    /** An input or output: its name and what it is, e.g. {@code 28x28 grayscale}. */
    record Field(String name, String description) {
    }

    record SplitSize(String name, int samples) {
    }

    static DatasetSummary of(Dataset d) {
        DatasetDescriptor desc = d.descriptor();
        List<Field> inputs = desc.inputs().stream()
                .map(i -> new Field(i.name(), describe(i))).toList();
        List<Field> outputs = desc.outputs().stream()
                .map(o -> new Field(o.name(), describe(o))).toList();
        List<SplitSize> splits = desc.splits().keySet().stream()
                .map(s -> new SplitSize(s, desc.split(s).samples())).toList();
        return new DatasetSummary(d.name(), d.baseDir(), inputs, outputs, splits);
    }

    /** The dashboard page's path; the name is encoded whole, '/' included (Thymeleaf's {var} keeps a '/'). */
    public String href() {
        return href(name);
    }

    static String href(String dataset) {
        return UriComponentsBuilder.fromPath("/datasets/{name}").encode().buildAndExpand(dataset).toUriString();
    }

    static String describe(InputInfo i) {
        return i.height() + "\u00d7" + i.width() + " " + Names.of(i.color());
    }

    static String describe(OutputInfo o) {
        String text = Names.of(o.kind()) + ", " + o.classes() + " classes";
        if (o.kind() == OutputKind.MASK && o.encoding() != null) {
            text += " (" + Names.of(o.encoding()) + ")";
        }
        return text;
    }

    /** train first, then test, then the others by name. */
}
