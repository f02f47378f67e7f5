package dev.datagen.dataset;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.datagen.problem.ProblemException;
import dev.datagen.problem.ProblemType;
import dev.datagen.problem.Quote;

/**
 * The list files of a registration sorted out by their part names, {@code <split>-data[.<input>]} and
 * {@code <split>-label[.<output>]} ({@code image} and {@code label} when no name follows): train names the
 * inputs and outputs, in the order of its parts, and every other split must have the same ones.
 */
final class ListFileParts {

    private static final Pattern PART = Pattern.compile("^([a-z][a-z0-9]{0,15})-(data|label)(?:\\.(.*))?$");

    private final Map<String, Map<String, ListFilePart>> inputsBySplit = new LinkedHashMap<>();
    private final Map<String, Map<String, ListFilePart>> outputsBySplit = new LinkedHashMap<>();

    ListFileParts(List<ListFilePart> parts) {
        parts.forEach(this::collect);
    }

    List<String> inputs() {
        return List.copyOf(inputsBySplit.getOrDefault("train", Map.of()).keySet());
    }

    List<String> outputs() {
        return List.copyOf(outputsBySplit.getOrDefault("train", Map.of()).keySet());
    }

    /** Per split, in reading order, how to open its files as one source: inputs first, then outputs. */
    Map<String, DatasetRegistrar.SplitOpener> splits(int maxLineLength) {
        List<String> inputs = inputs();
        List<String> outputs = outputs();
        List<String> splits = new ArrayList<>(inputsBySplit.keySet());
        outputsBySplit.keySet().stream().filter(s -> !splits.contains(s)).forEach(splits::add);
        Map<String, DatasetRegistrar.SplitOpener> openers = new LinkedHashMap<>();
        for (String split : splits) {
            Map<String, ListFilePart> in = inputsBySplit.getOrDefault(split, Map.of());
            Map<String, ListFilePart> out = outputsBySplit.getOrDefault(split, Map.of());
            checkSameLayout(split, List.copyOf(in.keySet()), inputs, "data");
            checkSameLayout(split, List.copyOf(out.keySet()), outputs, "label");
            openers.put(split, () -> {
                List<ListFileSource.Part> opened = new ArrayList<>();
                for (String i : inputs) {
                    opened.add(new ListFileSource.Part(in.get(i).name(), in.get(i).content().open()));
                }
                for (String o : outputs) {
                    opened.add(new ListFileSource.Part(out.get(o).name(), out.get(o).content().open()));
                }
                return new ListFileSource(opened, maxLineLength);
            });
        }
        return Splits.ordered(openers);
    }

    private void collect(ListFilePart part) {
        Matcher m = PART.matcher(part.name());
        if (!m.matches()) {
            throw RegistrationProblems.named(ProblemType.INVALID_REQUEST, part.name(),
                    "unknown part; expected name, baseDir, spec, <split>-data[.<input>] or <split>-label[.<output>]");
        }
        String split = m.group(1);
        boolean data = m.group(2).equals("data");
        String field = m.group(3) != null ? m.group(3) : (data ? "image" : "label");
        if (!Names.FIELD.matcher(field).matches()) {
            throw new ProblemException(ProblemType.INVALID_NAME, "The part " + Quote.of(part.name())
                    + " names " + (data ? "an input " : "an output ") + Quote.of(field)
                    + " that does not match " + Names.FIELD.pattern() + ".", Map.of("part", part.name()));
        }
        Map<String, ListFilePart> byField = (data ? inputsBySplit : outputsBySplit)
                .computeIfAbsent(split, s -> new LinkedHashMap<>());
        if (byField.putIfAbsent(field, part) != null) {
            throw RegistrationProblems.part(ProblemType.INVALID_REQUEST, part.name(), "the part is sent more than once");
        }
    }

    private static void checkSameLayout(String split, List<String> actual, List<String> train, String kind) {
        if (!split.equals("train") && !new HashSet<>(actual).equals(new HashSet<>(train))) {
            throw RegistrationProblems.part(ProblemType.INVALID_REQUEST, split + "-" + kind,
                    "the " + split + " split has " + kind + " parts for " + actual + " but train has " + train
                            + "; every split needs the same inputs and outputs");
        }
    }
}
