package dev.datagen.dashboard;

import java.util.ArrayList;
import java.util.List;

import org.springframework.web.util.UriComponentsBuilder;

import dev.datagen.dataset.DatasetDescriptor;
import dev.datagen.dataset.DatasetDescriptor.OutputInfo;
import dev.datagen.dataset.OutputKind;
import dev.datagen.dataset.SampleRow;

/**
 * One sample of the dataset page's grid: a picture per input, masks drawn over the first input (masks are
 * delivered at its size), and the label of every vector output by class index and, when known, by name.
 */
record SampleCard(int index, List<Picture> pictures, List<Label> labels) {

    /**
     * @param url      the image, from the samples API
     * @param overlays transparent coloured PNGs of the sample's masks ({@code ?format=overlay})
     */
    record Picture(String input, String url, String alt, List<Overlay> overlays) {
    }

    record Overlay(String mask, String url) {
    }

    record Label(String output, String text) {
    }

    static SampleCard of(String dataset, String split, DatasetDescriptor desc, SampleRow row) {
        List<Overlay> overlays = new ArrayList<>();
        for (OutputInfo o : desc.outputs()) {
            if (o.kind() == OutputKind.MASK) {
                overlays.add(new Overlay(o.name(), imageUrl(dataset, split, row.index(), o.name()) + "?format=overlay"));
            }
        }
        List<Label> labels = new ArrayList<>();
        int at = 0;
        for (OutputInfo o : desc.outputs()) {
            if (o.kind().isVector()) {
                labels.add(new Label(o.name(), labelText(o, row.labels(), at)));
                at += o.classes();
            }
        }
        // the alt text names the sample and its labels, so a screen reader hears what a sighted user sees
        String words = labels.isEmpty() ? "" : ", label " + String.join(", ", labels.stream()
                .map(l -> (labels.size() > 1 ? l.output() + " " : "") + l.text()).toList());
        List<Picture> pictures = new ArrayList<>();
        for (int i = 0; i < desc.inputs().size(); i++) {
            String input = desc.inputs().get(i).name();
            pictures.add(new Picture(input, imageUrl(dataset, split, row.index(), input),
                    split + " sample " + row.index() + ", " + input + words, i == 0 ? overlays : List.of()));
        }
        return new SampleCard(row.index(), pictures, labels);
    }

    /** Every variable is encoded whole (a '/' too): names are checked by the registry, but not trusted here. */
    static String imageUrl(String dataset, String split, int index, String field) {
        return UriComponentsBuilder.fromPath("/api/datasets/{d}/splits/{s}/samples/{i}/{f}").encode()
                .buildAndExpand(dataset, split, index, field).toUriString();
    }

    /**
     * Categorical: the one class, e.g. {@code 3 (three)}. Multilabel: every class with a non-zero value, or
     * {@code none}.
     */
    static String labelText(OutputInfo o, float[] labels, int offset) {
        if (o.kind() == OutputKind.CATEGORICAL) {
            int best = 0;
            for (int k = 1; k < o.classes(); k++) {
                if (labels[offset + k] > labels[offset + best]) {
                    best = k;
                }
            }
            return className(o, best);
        }
        List<String> on = new ArrayList<>();
        for (int k = 0; k < o.classes(); k++) {
            if (labels[offset + k] != 0f) {
                on.add(className(o, k));
            }
        }
        return on.isEmpty() ? "none" : String.join(", ", on);
    }

    static String className(OutputInfo o, int k) {
        List<String> names = o.classNames();
        if (names == null || k >= names.size() || names.get(k).equals(String.valueOf(k))) {
            return String.valueOf(k);
        }
        return k + " (" + names.get(k) + ")";
    }
}
