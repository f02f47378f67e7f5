package dev.datagen.dataset;

import java.util.Map;
import java.util.regex.Pattern;

import dev.datagen.problem.ProblemException;
import dev.datagen.problem.ProblemType;
import dev.datagen.problem.Quote;

/** The names a registration gives: datasets, splits, inputs and outputs. */
final class Names {

    static final Pattern DATASET = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,63}$");
    /** Input and output names: arrays of a batch, and keys of an npz. */
    static final Pattern FIELD = Pattern.compile("^[a-z][a-z0-9_]{0,31}$");
    static final Pattern SPLIT = Pattern.compile("^[a-z][a-z0-9]{0,15}$");

    private Names() {
    }

    static void checkDataset(String name) {
        if (name == null || !DATASET.matcher(name).matches()) {
            throw new ProblemException(ProblemType.INVALID_NAME,
                    "The dataset name " + Quote.of(name) + " does not match " + DATASET.pattern() + ".",
                    Map.of("part", "name"));
        }
    }
}
