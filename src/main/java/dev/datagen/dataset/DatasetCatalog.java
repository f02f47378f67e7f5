package dev.datagen.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import dev.datagen.dataset.DataRoots.PathRefusedException;
import dev.datagen.metrics.DatagenMetrics;
import dev.datagen.system.ProblemException;
import dev.datagen.system.ProblemType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry's entry point, for the API, the dashboard and the demo alike: registers datasets from list
 * files or class folders, finds and deletes them.
 */
@Service
public class DatasetCatalog {

    private static final Pattern PART = Pattern.compile("^([a-z][a-z0-9]{0,15})-(data|label)(?:\\.(.*))?$");

    /** Opens a list file's content; called once, when its split is read. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    /** One list file, named as a multipart part: {@code <split>-data[.<input>]} or {@code <split>-label[.<output>]}. */
    public record ListFilePart(String name, Content content) {

        public static ListFilePart of(String name, Path file) {
            return new ListFilePart(name, () -> Files.newInputStream(file));
        }
    }

    /** A registered dataset and how many images were decoded to check it. */
    public record Registered(Dataset dataset, long imagesChecked) {
    }

    private final DatasetRegistrar registrar;
    private final DatasetRepository repository;
    private final DataRoots roots;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final RegistrationListener listener;
    private final DatasetPurger purger;
    private final DatagenMetrics metrics;

    DatasetCatalog(DatasetRegistrar registrar, DatasetRepository repository, DataRoots roots, JsonMapper json,
            ApplicationEventPublisher events, RegistrationListener listener, DatasetPurger purger,
            DatagenMetrics metrics) {
        this.registrar = registrar;
        this.repository = repository;
        this.roots = roots;
        this.json = json;
        this.events = events;
        this.listener = listener;
        this.purger = purger;
        this.metrics = metrics;
    }

    /**
     * Registers a dataset from list files.
     *
     * @param baseDir folder relative image paths resolve against (null: the first data root)
     * @param spec    the optional spec JSON (null or blank: infer everything)
     * @param parts   the list files, in the order inputs and outputs should have
     */
    public Registered registerListFiles(String name, String baseDir, String spec, List<ListFilePart> parts) {
        return listener.observe(() -> {
            DatasetRegistrar.checkDatasetName(name);
            Path base = registrar.baseDir(baseDir);
            DatasetSpec parsedSpec = parseSpec(spec);
            Map<String, Map<String, ListFilePart>> inputsBySplit = new LinkedHashMap<>();
            Map<String, Map<String, ListFilePart>> outputsBySplit = new LinkedHashMap<>();
            for (ListFilePart part : parts) {
                collect(part, inputsBySplit, outputsBySplit);
            }
            List<String> inputs = List.copyOf(inputsBySplit.getOrDefault("train", Map.of()).keySet());
            List<String> outputs = List.copyOf(outputsBySplit.getOrDefault("train", Map.of()).keySet());
            Map<String, DatasetRegistrar.SplitOpener> splits = new LinkedHashMap<>();
            for (String split : unionOfSplits(inputsBySplit, outputsBySplit)) {
                Map<String, ListFilePart> in = inputsBySplit.getOrDefault(split, Map.of());
                Map<String, ListFilePart> out = outputsBySplit.getOrDefault(split, Map.of());
                checkSameLayout(split, in.keySet().stream().toList(), inputs, "data");
                checkSameLayout(split, out.keySet().stream().toList(), outputs, "label");
                splits.put(split, () -> {
                    List<ListFileSource.Part> opened = new ArrayList<>();
                    for (String i : inputs) {
                        opened.add(new ListFileSource.Part(in.get(i).name(), in.get(i).content().open()));
                    }
                    for (String o : outputs) {
                        opened.add(new ListFileSource.Part(out.get(o).name(), out.get(o).content().open()));
                    }
                    return new ListFileSource(opened, registrar.maxLineLength());
                });
            }
            return registrar.register(new DatasetRegistrar.Plan(name, base, parsedSpec, inputs, outputs,
                    DatasetRegistrar.orderSplits(splits), Map.of()));
        });
    }

    /** Registers a Keras flow_from_directory tree: one sub-folder per class. */
    public Registered registerDirectory(DirectoryRegistration body) {
        return listener.observe(() -> {
            DatasetRegistrar.checkDatasetName(body.name());
            if (body.splits() == null || !body.splits().containsKey("train")) {
                throw RegistrationProblems.part(ProblemType.INVALID_REQUEST, "splits",
                        "splits must name a train folder: {\"train\": \"<dir>\", \"test\": \"<dir>\"}");
            }
            Map<String, Path> dirs = new LinkedHashMap<>();
            Map<String, List<String>> classesBySplit = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : DatasetRegistrar.orderSplits(body.splits()).entrySet()) {
                if (!e.getKey().matches("^[a-z][a-z0-9]{0,15}$")) {
                    throw RegistrationProblems.part(ProblemType.INVALID_REQUEST, "splits",
                            "split names match ^[a-z][a-z0-9]{0,15}$, got " + DatasetRegistrar.quote(e.getKey()));
                }
                Path dir = directory(e.getKey(), e.getValue());
                dirs.put(e.getKey(), dir);
                classesBySplit.put(e.getKey(), classesOf(e.getKey(), dir));
            }
            List<String> classes = classesBySplit.get("train");
            if (classes.isEmpty()) {
                throw RegistrationProblems.part(ProblemType.INVALID_REQUEST, "splits.train",
                        "the folder has no class sub-folders");
            }
            classesBySplit.forEach((split, c) -> {
                if (!c.equals(classes)) {
                    throw RegistrationProblems.part(ProblemType.INVALID_REQUEST, "splits." + split,
                            "the class folders " + c + " differ from train's " + classes);
                }
            });
            Map<String, DatasetRegistrar.SplitOpener> splits = new LinkedHashMap<>();
            dirs.forEach((split, dir) -> splits.put(split, () -> new DirectorySource("splits." + split, dir, classes)));
            DatasetSpec.InputSpec input = new DatasetSpec.InputSpec(body.size(), body.color());
            DatasetSpec spec = new DatasetSpec(Map.of("image", input),
                    Map.of("label", new DatasetSpec.OutputSpec(OutputKind.CATEGORICAL, classes.size(), null, null)));
            DatasetRegistrar.Plan plan = new DatasetRegistrar.Plan(body.name(), roots.first(), spec,
                    List.of("image"), List.of("label"), splits, Map.of("label", classes));
            return registrar.register(plan);
        });
    }

    /** One page of the datasets, by name. */
    public List<Dataset> page(long offset, int limit) {
        return repository.findAll(offset, limit);
    }

    public long count() {
        return repository.count();
    }

    public java.util.Optional<Dataset> find(String name) {
        return repository.findByName(name);
    }

    public Dataset get(String name) {
        return repository.findByName(name)
                .orElseThrow(() -> ProblemException.notFound("No dataset is named " + DatasetRegistrar.quote(name) + "."));
    }

    /** Deletes a dataset with its samples and generators; image files are not touched. */
    public void delete(String name) {
        Dataset d = get(name);
        if (repository.markDeleted(d, Instant.now())) {
            events.publishEvent(new DatasetDeleted(d.id(), d.uid(), d.name()));
            metrics.forgetDataset(d.name());
            purger.purgeLater(d.id());
        }
    }


    private Path directory(String split, String text) {
        try {
            return roots.resolveDirectory(text == null ? "" : text);
        } catch (PathRefusedException e) {
            throw RegistrationProblems.part(e.notAllowed() ? ProblemType.PATH_NOT_ALLOWED : ProblemType.INVALID_REQUEST,
                    "splits." + split, e.getMessage());
        }
    }

    private static List<String> classesOf(String split, Path dir) {
        try {
            return DirectorySource.classesOf(dir);
        } catch (IOException e) {
            throw RegistrationProblems.part(ProblemType.INVALID_REQUEST, "splits." + split, "the folder cannot be listed");
        }
    }

    private static String specReason(JacksonException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            return "malformed JSON";
        }
        m = m.replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*)", "$1");
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }

    private static List<String> unionOfSplits(Map<String, ?> a, Map<String, ?> b) {
        List<String> splits = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(s -> !splits.contains(s)).forEach(splits::add);
        return splits;
    }

    private static void checkSameLayout(String split, List<String> actual, List<String> train, String kind) {
        if (!split.equals("train") && !new java.util.HashSet<>(actual).equals(new java.util.HashSet<>(train))) {
            throw RegistrationProblems.part(ProblemType.INVALID_REQUEST, split + "-" + kind,
                    "the " + split + " split has " + kind + " parts for " + actual + " but train has " + train
                            + "; every split needs the same inputs and outputs");
        }
    }

    private DatasetSpec parseSpec(String text) {
        if (text == null || text.isBlank()) {
            return DatasetSpec.empty();
        }
        try {
            DatasetSpec spec = json.readerFor(DatasetSpec.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(text);
            return spec == null ? DatasetSpec.empty() : spec;
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw RegistrationProblems.part(ProblemType.INVALID_SPEC, "spec",
                    "not a valid spec" + where + ": " + specReason(e));
        }
    }

    private static void collect(ListFilePart part, Map<String, Map<String, ListFilePart>> inputs,
            Map<String, Map<String, ListFilePart>> outputs) {
        Matcher m = PART.matcher(part.name());
        if (!m.matches()) {
            throw RegistrationProblems.part(ProblemType.INVALID_REQUEST, DatasetRegistrar.quote(part.name()),
                    "unknown part; expected name, baseDir, spec, <split>-data[.<input>] or <split>-label[.<output>]");
        }
        String split = m.group(1);
        boolean data = m.group(2).equals("data");
        String field = m.group(3) != null ? m.group(3) : (data ? "image" : "label");
        if (!DatasetRegistrar.FIELD_NAME.matcher(field).matches()) {
            throw new ProblemException(ProblemType.INVALID_NAME, "The part " + DatasetRegistrar.quote(part.name())
                    + " names " + (data ? "an input " : "an output ") + DatasetRegistrar.quote(field)
                    + " that does not match ^[a-z][a-z0-9_]{0,31}$.", Map.of("part", part.name()));
        }
        Map<String, ListFilePart> byField = (data ? inputs : outputs).computeIfAbsent(split, s -> new LinkedHashMap<>());
        if (byField.putIfAbsent(field, part) != null) {
            throw RegistrationProblems.part(ProblemType.INVALID_REQUEST, part.name(), "the part is sent more than once");
        }
    }
}
