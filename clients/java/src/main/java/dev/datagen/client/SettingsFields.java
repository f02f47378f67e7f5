package dev.datagen.client;

import dev.datagen.client.GeneratorSettings.Augment;
import dev.datagen.client.GeneratorSettings.DType;
import dev.datagen.client.GeneratorSettings.Layout;
import dev.datagen.client.GeneratorSettings.OnError;
import dev.datagen.client.GeneratorSettings.Subset;

/** The components of a {@link GeneratorSettings}, changeable: each wither copies them, changes one, builds anew. */
final class SettingsFields {
    String split;
    Integer batchSize;
    Boolean shuffle;
    Long seed;
    Boolean dropLast;
    DType dtype;
    Double rescale;
    Layout layout;
    Integer numShards;
    OnError onError;
    Augment augment;
    Crop crop;
    Normalize normalize;
    Mix mixup;
    Mix cutmix;
    Sampling sampling;
    Double validationSplit;
    Subset subset;
    Long splitSeed;
    Boolean stratify;

    /** A copy of {@code s}'s components; all null for a null {@code s}. */
    SettingsFields(GeneratorSettings s) {
        if (s == null) {
            return;
        }
        split = s.split();
        batchSize = s.batchSize();
        shuffle = s.shuffle();
        seed = s.seed();
        dropLast = s.dropLast();
        dtype = s.dtype();
        rescale = s.rescale();
        layout = s.layout();
        numShards = s.numShards();
        onError = s.onError();
        augment = s.augment();
        crop = s.crop();
        normalize = s.normalize();
        mixup = s.mixup();
        cutmix = s.cutmix();
        sampling = s.sampling();
        validationSplit = s.validationSplit();
        subset = s.subset();
        splitSeed = s.splitSeed();
        stratify = s.stratify();
    }

    GeneratorSettings build() {
        return new GeneratorSettings(split, batchSize, shuffle, seed, dropLast, dtype, rescale, layout, numShards,
                onError, augment, crop, normalize, mixup, cutmix, sampling, validationSplit, subset, splitSeed, stratify);
    }
}
