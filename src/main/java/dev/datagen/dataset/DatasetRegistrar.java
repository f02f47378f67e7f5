package dev.datagen.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.datagen.dataset.DatasetSpec.InputSpec;
import dev.datagen.dataset.DatasetSpec.OutputSpec;
import dev.datagen.image.ImageCodec;
import dev.datagen.image.ImageLimits;
import dev.datagen.image.WorkerPool;
import dev.datagen.objects.ObjectStoreException;
import dev.datagen.problem.ProblemException;
import dev.datagen.problem.ProblemType;
import dev.datagen.problem.Quote;

/**
 * Registers datasets atomically: everything is read, checked and inserted inside one database
 * transaction, so a refused or interrupted registration leaves no trace and other datasets are untouched.
 */
@Service
class DatasetRegistrar {

    private static final int MAX_SIZE = 16384;

    /** How to open the sample source of one split, in the order splits are read. */
    interface SplitOpener {
        SampleSource open() throws IOException;
    }

    /**
     * A registration to perform: names of inputs and outputs, in order, and a source per split.
     *
     * @param specFields where a setting of the spec came from when not from a spec part: {@code
     *                   inputs.image.size} is the class-folder request's {@code size} field
     */
    record Plan(String name, Base baseDir, DatasetSpec spec, List<String> inputs, List<String> outputs,
            Map<String, SplitOpener> splits, Map<String, List<String>> classNames, Map<String, String> specFields) {
    }

    private final DatasetRepository repository;
    private final DataRoots roots;
    private final ImageStore images;
    private final ImageCodec codec;
    private final WorkerPool pool;
    private final RegistrationLimits limits;
    private final ImageLimits imageLimits;
    private final TransactionTemplate transactions;

    DatasetRegistrar(DatasetRepository repository, DataRoots roots, ImageStore images, ImageCodec codec,
            WorkerPool pool, RegistrationLimits limits, ImageLimits imageLimits, TransactionTemplate transactions) {
        this.images = images;
        this.repository = repository;
        this.roots = roots;
        this.codec = codec;
        this.pool = pool;
        this.limits = limits;
        this.imageLimits = imageLimits;
        this.transactions = transactions;
    }

    int maxLineLength() {
        return (int) Math.min(Integer.MAX_VALUE - 16, limits.maxLineLength().toBytes());
    }

    /** The base of relative paths: given (a folder or prefix inside the data roots), or the first root. */
    Base baseDir(String text) {
        if (text == null || text.isBlank()) {
            return roots.defaultBase();
        }
        try {
            return roots.base(text.strip());
        } catch (PathRefusedException e) {
            throw RegistrationProblems.part(e.notAllowed() ? ProblemType.PATH_NOT_ALLOWED : ProblemType.INVALID_REQUEST,
                    "baseDir", e.getMessage());
        }
    }

    DatasetCatalog.Registered register(Plan plan) {
        Names.checkDataset(plan.name());
        checkLayout(plan);
        if (repository.findByName(plan.name()).isPresent()) {
            throw taken(plan.name());
        }
        LayoutState layout = new LayoutState();
        plan.inputs().forEach(n -> layout.inputs.add(new InputLayout(n, plan.spec().inputs().get(n))));
        plan.outputs().forEach(n -> layout.outputs.add(
                new OutputLayout(n, plan.spec().outputs().get(n), plan.classNames().get(n))));
        try {
            return transactions.execute(status -> load(plan, layout));
        } catch (DuplicateKeyException e) {
            throw taken(plan.name());
        }
    }

    private DatasetCatalog.Registered load(Plan plan, LayoutState layout) {
        String uid = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long id = repository.insert(uid, plan.name(), plan.baseDir().toString(),
                new DatasetDescriptor(List.of(), List.of(), Map.of()), now);
        long checked = 0;
        for (Map.Entry<String, SplitOpener> split : plan.splits().entrySet()) {
            try (SampleSource source = split.getValue().open()) {
                SplitLoader loader = new SplitLoader(split.getKey(), source, layout, plan.baseDir(), roots, images,
                        codec, pool, limits.maxLabelWidth(), (s, rows) -> repository.insertSamples(id, s, rows));
                checked += loader.load();
            } catch (ObjectStoreException e) {
                // a class prefix that could not be listed half-way through
                throw RegistrationProblems.store(e, ProblemType.INVALID_REQUEST, "splits." + split.getKey(), 0,
                        e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        DatasetDescriptor descriptor = layout.descriptor();
        checkDescriptor(descriptor);
        repository.updateDescriptor(id, descriptor);
        return new DatasetCatalog.Registered(new Dataset(id, uid, plan.name(), plan.baseDir().toString(), now, descriptor), checked);
    }

    private void checkDescriptor(DatasetDescriptor d) {
        for (DatasetDescriptor.OutputInfo o : d.outputs()) {
            if (o.classNames() != null && o.classNames().size() != o.classes()) {
                throw RegistrationProblems.part(ProblemType.INVALID_SPEC, "spec",
                        "output '" + o.name() + "' has " + o.classes() + " classes but " + o.classNames().size()
                                + " class names");
            }
        }
    }

    private void checkLayout(Plan plan) {
        if (!plan.splits().containsKey("train")) {
            throw RegistrationProblems.part(ProblemType.INVALID_REQUEST, "train-data",
                    "the train split is required (parts train-data and train-label)");
        }
        if (plan.inputs().isEmpty() || plan.outputs().isEmpty()) {
            throw RegistrationProblems.part(ProblemType.INVALID_REQUEST, plan.inputs().isEmpty() ? "train-data" : "train-label",
                    "a dataset needs at least one data part (input) and one label part (output)");
        }
        List<String> all = new ArrayList<>(plan.inputs());
        for (String o : plan.outputs()) {
            if (all.contains(o)) {
                throw new ProblemException(ProblemType.INVALID_NAME, "The name '" + o
                        + "' is used by an input and an output; arrays of a batch need distinct names.",
                        Map.of("part", "train-label." + o));
            }
            all.add(o);
        }
        for (String n : all) {
            if (!Names.FIELD.matcher(n).matches()) {
                throw new ProblemException(ProblemType.INVALID_NAME, "The input or output name " + Quote.of(n)
                        + " does not match " + Names.FIELD.pattern() + ".", Map.of("part", n));
            }
        }
        Set<String> known = Set.copyOf(all);
        plan.spec().inputs().forEach((n, s) -> {
            if (!plan.inputs().contains(n)) {
                throw specProblem("the spec names an input '" + n + "' that no data part provides (inputs: "
                        + plan.inputs() + ")");
            }
            checkInputSpec(plan, n, s);
        });
        plan.spec().outputs().forEach((n, s) -> {
            if (!plan.outputs().contains(n)) {
                throw specProblem("the spec names an output '" + n + "' that no label part provides (outputs: "
                        + plan.outputs() + ")");
            }
            checkOutputSpec(n, s);
        });
        if (known.size() != all.size()) {
            throw new ProblemException(ProblemType.INVALID_NAME, "Input and output names must be distinct.");
        }
    }

    private void checkInputSpec(Plan plan, String name, InputSpec s) {
        if (s == null) {
            return;
        }
        if (s.size() != null) {
            if (s.size().size() != 2 || s.size().contains(null)
                    || s.size().stream().anyMatch(v -> v < 1 || v > MAX_SIZE)) {
                throw specProblem(plan, "inputs." + name + ".size", "must be [height, width], each from 1 to " + MAX_SIZE
                        + ", got " + s.size());
            }
            if ((long) s.size().get(0) * s.size().get(1) > imageLimits.maxImagePixels()) {
                throw specProblem(plan, "inputs." + name + ".size", "has more pixels than datagen.limits.max-image-pixels ("
                        + imageLimits.maxImagePixels() + ")");
            }
        }
    }

    private void checkOutputSpec(String name, OutputSpec s) {
        if (s == null) {
            return;
        }
        if (s.classes() != null && (s.classes() < 1 || s.classes() > limits.maxLabelWidth())) {
            throw specProblem("outputs." + name + ".classes must be from 1 to " + limits.maxLabelWidth());
        }
        if (s.kind() == OutputKind.MASK && s.classes() != null && s.classes() > 256) {
            throw specProblem("outputs." + name + ".classes: masks are 8-bit, so at most 256 classes");
        }
        if (s.encoding() != null && s.kind() != null && s.kind() != OutputKind.MASK) {
            throw specProblem("outputs." + name + ".encoding applies to masks only");
        }
        if (s.classNames() != null) {
            // the dashboard, charts and a trainer's class lookup tell classes apart by these names
            Set<String> seen = new java.util.HashSet<>();
            for (int k = 0; k < s.classNames().size(); k++) {
                String c = s.classNames().get(k);
                if (c == null || c.isBlank()) {
                    throw specProblem("outputs." + name + ".classNames[" + k + "] is empty; every class needs a name");
                }
                if (!seen.add(c)) {
                    throw specProblem("outputs." + name + ".classNames[" + k + "] repeats " + Quote.of(c)
                            + "; class names must differ");
                }
            }
        }
    }

    /** A setting of the spec refused, named where it was sent: in the spec part, or as a request field. */
    private static ProblemException specProblem(Plan plan, String path, String reason) {
        String field = plan.specFields().get(path);
        return field == null ? specProblem(path + " " + reason)
                : RegistrationProblems.part(ProblemType.INVALID_REQUEST, field, reason);
    }

    static ProblemException specProblem(String reason) {
        return RegistrationProblems.part(ProblemType.INVALID_SPEC, "spec", reason);
    }

    private static ProblemException taken(String name) {
        return new ProblemException(ProblemType.NAME_TAKEN, "A dataset named '" + name + "' is already registered.",
                Map.of("part", "name"));
    }

}
