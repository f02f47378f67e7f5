package dev.datagen.dataset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import dev.datagen.dataset.DataRoots.PathRefusedException;
import dev.datagen.system.ProblemException;
import dev.datagen.system.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

@Tag(name = "Datasets", description = "Register datasets from list files or class folders, and read them back")
@RestController
@RequestMapping("/api/datasets")
class DatasetController {

    private static final Pattern PART = Pattern.compile("^([a-z][a-z0-9]{0,15})-(data|label)(?:\\.(.*))?$");

    private final DatasetRegistrar registrar;
    private final DatasetRepository repository;
    private final DataRoots roots;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final RegistrationListener listener;

    DatasetController(DatasetRegistrar registrar, DatasetRepository repository, DataRoots roots, JsonMapper json,
            ApplicationEventPublisher events, RegistrationListener listener) {
        this.registrar = registrar;
        this.repository = repository;
        this.roots = roots;
        this.json = json;
        this.events = events;
        this.listener = listener;
    }

    /** Documents the multipart form for OpenAPI; the handler reads parts by name. */
    @Schema(name = "RegistrationForm", description = "Parts: name, baseDir, spec, and per split '<split>-data[.<input>]' "
            + "and '<split>-label[.<output>]' list files (train required, test optional)")
    record RegistrationForm(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = "^[a-z0-9][a-z0-9._-]{0,63}$") String name,
            @Schema(description = "directory that relative paths resolve against; default: the first data root") String baseDir,
            @Schema(description = "JSON: {\"inputs\": {name: {size, color}}, \"outputs\": {name: {kind, classes, encoding, classNames}}}") String spec,
            @Schema(name = "train-data", type = "string", format = "binary", description = "image paths, one per line (input 'image'); or train-data.<input>") MultipartFile trainData,
            @Schema(name = "train-label", type = "string", format = "binary", description = "label vectors or mask paths, one per line (output 'label'); or train-label.<output>") MultipartFile trainLabel,
            @Schema(name = "test-data", type = "string", format = "binary") MultipartFile testData,
            @Schema(name = "test-label", type = "string", format = "binary") MultipartFile testLabel) {
    }

    @Operation(summary = "Register a dataset from list files",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                    schema = @Schema(implementation = RegistrationForm.class))))
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<DatasetResponse> register(@Parameter(hidden = true) MultipartHttpServletRequest request) {
        return listener.observe(() -> {
            String name = request.getParameter("name");
            DatasetRegistrar.checkDatasetName(name);
            Path baseDir = registrar.baseDir(request.getParameter("baseDir"));
            DatasetSpec spec = parseSpec(request);
            Map<String, Map<String, Part>> inputsBySplit = new LinkedHashMap<>();
            Map<String, Map<String, Part>> outputsBySplit = new LinkedHashMap<>();
            collectParts(request, inputsBySplit, outputsBySplit);
            List<String> inputs = List.copyOf(inputsBySplit.getOrDefault("train", Map.of()).keySet());
            List<String> outputs = List.copyOf(outputsBySplit.getOrDefault("train", Map.of()).keySet());
            Map<String, DatasetRegistrar.SplitOpener> splits = new LinkedHashMap<>();
            for (String split : unionOfSplits(inputsBySplit, outputsBySplit)) {
                Map<String, Part> in = inputsBySplit.getOrDefault(split, Map.of());
                Map<String, Part> out = outputsBySplit.getOrDefault(split, Map.of());
                checkSameLayout(split, in.keySet().stream().toList(), inputs, "data");
                checkSameLayout(split, out.keySet().stream().toList(), outputs, "label");
                splits.put(split, () -> {
                    List<ListFileSource.Part> parts = new ArrayList<>();
                    for (String i : inputs) {
                        parts.add(in.get(i).open());
                    }
                    for (String o : outputs) {
                        parts.add(out.get(o).open());
                    }
                    return new ListFileSource(parts, registrar.maxLineLength());
                });
            }
            DatasetRegistrar.Plan plan = new DatasetRegistrar.Plan(name, baseDir, spec, inputs, outputs,
                    DatasetRegistrar.orderSplits(splits), Map.of());
            return created(registrar.register(plan));
        });
    }

    @Operation(summary = "Register a dataset from class folders (Keras flow_from_directory)")
    @PostMapping(path = "/from-directory", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DatasetResponse> registerDirectory(@RequestBody DirectoryRegistration body) {
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
            return created(registrar.register(plan));
        });
    }

    @Operation(summary = "List the registered datasets")
    @GetMapping
    List<DatasetResponse> list() {
        return repository.findAll().stream().map(d -> DatasetResponse.of(d, null)).toList();
    }

    @Operation(summary = "Describe one dataset: inputs, outputs, splits and label distributions")
    @GetMapping("/{name}")
    DatasetResponse get(@PathVariable String name) {
        return DatasetResponse.of(find(name), null);
    }

    @Operation(summary = "Delete a dataset, its samples and its generators (image files are not touched)")
    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String name) {
        Dataset d = find(name);
        if (repository.delete(d.id())) {
            events.publishEvent(new DatasetDeleted(d.id(), d.uid(), d.name()));
        }
    }

    private Dataset find(String name) {
        return repository.findByName(name)
                .orElseThrow(() -> ProblemException.notFound("No dataset is named " + DatasetRegistrar.quote(name) + "."));
    }

    private ResponseEntity<DatasetResponse> created(DatasetRegistrar.Registered r) {
        return ResponseEntity.created(URI.create("/api/datasets/" + r.dataset().name()))
                .body(DatasetResponse.of(r.dataset(), r.imagesChecked()));
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

    private DatasetSpec parseSpec(MultipartHttpServletRequest request) {
        String text = request.getParameter("spec");
        try {
            MultipartFile file = request.getFile("spec");
            if (text == null && file != null) {
                text = new String(file.getBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw RegistrationProblems.part(ProblemType.INVALID_SPEC, "spec", "the part cannot be read");
        }
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

    /** A list file part, uploaded as a file or sent as a plain form field. */
    private record Part(String name, MultipartFile file, String text) {
        ListFileSource.Part open() throws IOException {
            return new ListFileSource.Part(name, file != null ? file.getInputStream()
                    : new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void collectParts(MultipartHttpServletRequest request, Map<String, Map<String, Part>> inputs,
            Map<String, Map<String, Part>> outputs) {
        List<String> names = new ArrayList<>(request.getMultiFileMap().keySet());
        request.getParameterMap().keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
        for (String partName : names) {
            if (partName.equals("name") || partName.equals("baseDir") || partName.equals("spec")) {
                continue;
            }
            Matcher m = PART.matcher(partName);
            if (!m.matches()) {
                throw RegistrationProblems.part(ProblemType.INVALID_REQUEST, DatasetRegistrar.quote(partName),
                        "unknown part; expected name, baseDir, spec, <split>-data[.<input>] or <split>-label[.<output>]");
            }
            String split = m.group(1);
            boolean data = m.group(2).equals("data");
            String field = m.group(3) != null ? m.group(3) : (data ? "image" : "label");
            if (!DatasetRegistrar.FIELD_NAME.matcher(field).matches()) {
                throw new ProblemException(ProblemType.INVALID_NAME, "The part " + DatasetRegistrar.quote(partName)
                        + " names " + (data ? "an input " : "an output ") + DatasetRegistrar.quote(field)
                        + " that does not match ^[a-z][a-z0-9_]{0,31}$.", Map.of("part", partName));
            }
            List<MultipartFile> files = request.getMultiFileMap().get(partName);
            String[] texts = request.getParameterValues(partName);
            int copies = (files == null ? 0 : files.size()) + (texts == null ? 0 : texts.length);
            if (copies > 1) {
                throw RegistrationProblems.part(ProblemType.INVALID_REQUEST, partName, "the part is sent more than once");
            }
            Part part = new Part(partName, files == null ? null : files.get(0), texts == null ? null : texts[0]);
            (data ? inputs : outputs).computeIfAbsent(split, s -> new LinkedHashMap<>()).put(field, part);
        }
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
}
