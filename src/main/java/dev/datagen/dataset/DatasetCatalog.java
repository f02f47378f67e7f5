package dev.datagen.dataset;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import dev.datagen.metrics.DatagenMetrics;
import dev.datagen.objects.ObjectStore;
import dev.datagen.objects.ObjectStoreException;
import dev.datagen.problem.ProblemException;
import dev.datagen.problem.ProblemType;
import dev.datagen.problem.Quote;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry's entry point, for the API, the dashboard and the demo alike: registers datasets from list
 * files or class folders, finds and deletes them.
 */
@Service
public class DatasetCatalog {

    /** A registered dataset and how many images were decoded to check it. */
    public record Registered(Dataset dataset, long imagesChecked) {
    }

    private final DatasetRegistrar registrar;
    private final DatasetRepository repository;
    private final DataRoots roots;
    private final ObjectStore objects;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final RegistrationListener listener;
    private final DatasetPurger purger;
    private final DatagenMetrics metrics;

    DatasetCatalog(DatasetRegistrar registrar, DatasetRepository repository, DataRoots roots, JsonMapper json,
            ApplicationEventPublisher events, RegistrationListener listener, DatasetPurger purger,
            DatagenMetrics metrics, ObjectStore objects) {
        this.objects = objects;
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
            Names.checkDataset(name);
            Base base = registrar.baseDir(baseDir);
            DatasetSpec parsedSpec = SpecParser.parse(json, spec);
            ListFileParts files = new ListFileParts(parts);
            return registrar.register(new DatasetRegistrar.Plan(name, base, parsedSpec, files.inputs(),
                    files.outputs(), files.splits(registrar.maxLineLength()), Map.of(), Map.of()));
        });
    }

    /** Registers a Keras flow_from_directory tree: one sub-folder per class. */
    public Registered registerDirectory(DirectoryRegistration body) {
        return listener.observe(() -> {
            Names.checkDataset(body.name());
            if (body.splits() == null || !body.splits().containsKey("train")) {
                throw RegistrationProblems.part(ProblemType.INVALID_REQUEST, "splits",
                        "splits must name a train folder: {\"train\": \"<dir>\", \"test\": \"<dir>\"}");
            }
            Map<String, Base> dirs = new LinkedHashMap<>();
            Map<String, List<FolderTree.Entry>> classFolders = new LinkedHashMap<>();
            Map<String, List<String>> classesBySplit = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : Splits.ordered(body.splits()).entrySet()) {
                if (!Names.SPLIT.matcher(e.getKey()).matches()) {
                    throw RegistrationProblems.part(ProblemType.INVALID_REQUEST, "splits",
                            "split names match " + Names.SPLIT.pattern() + ", got " + Quote.of(e.getKey()));
                }
                Base dir = directory(e.getKey(), e.getValue());
                dirs.put(e.getKey(), dir);
                classFolders.put(e.getKey(), classesOf(e.getKey(), dir));
                classesBySplit.put(e.getKey(), classFolders.get(e.getKey()).stream().map(FolderTree.Entry::name).toList());
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
            dirs.forEach((split, dir) -> splits.put(split, () -> new DirectorySource("splits." + split,
                    FolderTree.of(dir, objects), classFolders.get(split))));
            DatasetSpec.InputSpec input = new DatasetSpec.InputSpec(body.size(), body.color(), body.interpolation());
            DatasetSpec spec = new DatasetSpec(Map.of("image", input),
                    Map.of("label", new DatasetSpec.OutputSpec(OutputKind.CATEGORICAL, classes.size(), null, null)));
            DatasetRegistrar.Plan plan = new DatasetRegistrar.Plan(body.name(), roots.defaultBase(), spec,
                    List.of("image"), List.of("label"), splits, Map.of("label", classes), Map.of("inputs.image.size", "size"));
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
                .orElseThrow(() -> ProblemException.notFound("No dataset is named " + Quote.of(name) + "."));
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

    private Base directory(String split, String text) {
        try {
            return roots.base(text == null ? "" : text.strip());
        } catch (PathRefusedException e) {
            throw RegistrationProblems.part(e.notAllowed() ? ProblemType.PATH_NOT_ALLOWED : ProblemType.INVALID_REQUEST,
                    "splits." + split, e.getMessage());
        }
    }

    private List<FolderTree.Entry> classesOf(String split, Base dir) {
        try {
            return DirectorySource.classesOf(FolderTree.of(dir, objects), dir.toString());
        } catch (ObjectStoreException e) {
            throw RegistrationProblems.store(e, ProblemType.INVALID_REQUEST, "splits." + split, 0, e.getMessage());
        } catch (IOException e) {
            throw RegistrationProblems.part(ProblemType.INVALID_REQUEST, "splits." + split, "the folder cannot be listed");
        }
    }
}
