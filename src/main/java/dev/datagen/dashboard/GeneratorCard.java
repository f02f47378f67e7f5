package dev.datagen.dashboard;

import java.util.ArrayList;
import java.util.List;

import org.springframework.web.util.UriComponentsBuilder;

import dev.datagen.generator.GeneratorResponse;
import dev.datagen.generator.GeneratorSettings;
import dev.datagen.generator.Sampling;
import dev.datagen.image.Augmentation;
import dev.datagen.image.Crop;

/**
 * A generator as the dashboard shows it: its settings as label/value rows, and what an epoch holds.
 *
 * @param firstBatch the API path of batch 0 of epoch 0 (shard 0)
 */
record GeneratorCard(String id, String dataset, String split, int batchSize, List<Setting> settings,
        long batchesPerEpoch, int samplesPerEpoch, int numShards, String firstBatch) {

    record Setting(String name, String value) {
    }

    /** The dashboard page of the generator's dataset. */
    public String datasetHref() {
        return DatasetSummary.href(dataset);
    }

    /** The generator's own page: its settings, batch preview and progress. */
    public String href() {
        return href(id);
    }

    static String href(String id) {
        return UriComponentsBuilder.fromPath("/generators/{id}").encode().buildAndExpand(id).toUriString();
    }

    static GeneratorCard of(GeneratorResponse g) {
        GeneratorSettings s = g.settings();
        List<Setting> rows = new ArrayList<>();
        rows.add(new Setting("split", s.split()));
        rows.add(new Setting("batch size", String.valueOf(s.batchSize())));
        rows.add(new Setting("shuffle", String.valueOf(s.shuffle())));
        rows.add(new Setting("seed", String.valueOf(s.seed())));
        rows.add(new Setting("drop last", String.valueOf(s.dropLast())));
        rows.add(new Setting("dtype", Names.of(s.dtype())));
        rows.add(new Setting("rescale", s.rescale() == null ? "none" : String.valueOf(s.rescale())));
        rows.add(new Setting("layout", Names.of(s.layout())));
        rows.add(new Setting("shards", String.valueOf(s.numShards())));
        rows.add(new Setting("on error", Names.of(s.onError())));
        rows.add(new Setting("augment", augment(s.augment())));
        // the training-recipe settings only when set: most generators use none of them
        if (s.crop() != null) {
            rows.add(new Setting("crop", crop(s.crop())));
        }
        if (s.normalize() != null) {
            rows.add(new Setting("normalize", "mean " + s.normalize().mean() + ", std " + s.normalize().std()));
        }
        if (s.mixup() != null) {
            rows.add(new Setting("mixup", "alpha " + s.mixup().alpha()));
        }
        if (s.cutmix() != null) {
            rows.add(new Setting("cutmix", "alpha " + s.cutmix().alpha()));
        }
        if (s.sampling() != null) {
            rows.add(new Setting("sampling", sampling(s.sampling())));
        }
        if (s.validationSplit() != null) {
            rows.add(new Setting("validation split", s.validationSplit() + ", subset " + Names.of(s.subset())
                    + ", splitSeed " + s.splitSeed() + (Boolean.TRUE.equals(s.stratify()) ? ", stratified" : "")));
        }
        rows.add(new Setting("batches per epoch", String.valueOf(g.batchesPerEpoch())));
        rows.add(new Setting("bytes per batch", String.valueOf(g.bytesPerBatch())));
        return new GeneratorCard(g.id(), g.dataset(), s.split(), s.batchSize(), rows, g.batchesPerEpoch(), g.samplesPerEpoch(),
                s.numShards(), g.links().get("firstBatch"));
    }

    /** Only what is switched on, in Keras' names, e.g. {@code rotationRange 10, zoomRange 0.1}. */
    static String augment(Augmentation a) {
        if (a == null || a.isIdentity()) {
            return "none";
        }
        List<String> on = new ArrayList<>();
        if (a.horizontalFlip()) {
            on.add("horizontalFlip");
        }
        if (a.verticalFlip()) {
            on.add("verticalFlip");
        }
        add(on, "rotationRange", a.rotationRange());
        add(on, "widthShiftRange", a.widthShiftRange());
        add(on, "heightShiftRange", a.heightShiftRange());
        add(on, "zoomRange", a.zoomRange());
        if (a.brightnessRange() != null) {
            on.add("brightnessRange " + a.brightnessRange());
        }
        return String.join(", ", on);
    }

    /** In the request's own words, e.g. {@code random-resized, scale [0.08, 1.0], ratio [0.75, 1.33]}. */
    static String crop(Crop c) {
        return switch (c.mode()) {
            case RANDOM_RESIZED -> Names.of(c.mode()) + ", scale " + c.scale() + ", ratio " + c.ratio().stream()
                    .map(r -> String.format(java.util.Locale.ROOT, "%.2f", r)).toList();
            case CENTER -> Names.of(c.mode()) + ", fraction " + c.fraction();
            case PAD -> Names.of(c.mode());
        };
    }

    static String sampling(Sampling s) {
        return Names.of(s.mode()) + (s.output() == null ? "" : " by " + s.output())
                + (s.classWeights() == null ? "" : ", class weights " + s.classWeights())
                + (s.epochSamples() == null ? "" : ", " + s.epochSamples() + " samples an epoch");
    }

    private static void add(List<String> on, String name, Double value) {
        if (value != null && value != 0.0) {
            on.add(name + " " + (value == Math.rint(value) ? String.valueOf(value.longValue()) : String.valueOf(value)));
        }
    }
}
