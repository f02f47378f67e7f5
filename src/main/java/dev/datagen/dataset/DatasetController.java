package dev.datagen.dataset;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import dev.datagen.problem.ProblemType;
import dev.datagen.web.PageRequest;
import dev.datagen.web.RequestLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Datasets", description = "Register datasets from list files or class folders, and read them back")
@RestController
@RequestMapping("/api/datasets")
class DatasetController {

    /** A spec is a few KB of JSON; a larger part is refused before it is read into memory. */
    private static final long MAX_SPEC_BYTES = 1 << 20;

    private final DatasetCatalog catalog;
    private final RequestLimits limits;

    DatasetController(DatasetCatalog catalog, RequestLimits limits) {
        this.catalog = catalog;
        this.limits = limits;
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
        List<ListFilePart> parts = new ArrayList<>();
        List<String> names = new ArrayList<>(request.getMultiFileMap().keySet());
        request.getParameterMap().keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
        for (String name : names) {
            List<MultipartFile> files = request.getMultiFileMap().getOrDefault(name, List.of());
            String[] texts = request.getParameterValues(name);
            if (files.size() + (texts == null ? 0 : texts.length) > 1) {
                // whichever copy was read first would win without a word
                throw RegistrationProblems.named(ProblemType.INVALID_REQUEST, name, "the part is sent more than once");
            }
            if (name.equals("name") || name.equals("baseDir")) {
                if (!files.isEmpty()) {
                    throw RegistrationProblems.named(ProblemType.INVALID_REQUEST, name, "this is a text field (curl -F '"
                            + name + "=...'), not a file part");
                }
                continue;
            }
            if (name.equals("spec")) {
                continue;
            }
            if (files.isEmpty()) {
                // list files are uploads: a text field is what a plain HTML form on any page can send
                throw RegistrationProblems.named(ProblemType.INVALID_REQUEST, name,
                        "list files are sent as file parts (curl -F 'part=@file.txt'), not as text fields");
            }
            MultipartFile file = files.get(0);
            parts.add(new ListFilePart(name, file::getInputStream));
        }
        return created(catalog.registerListFiles(request.getParameter("name"), request.getParameter("baseDir"),
                spec(request), parts));
    }

    @Operation(summary = "Register a dataset from class folders (Keras flow_from_directory)")
    @PostMapping(path = "/from-directory", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DatasetResponse> registerDirectory(@RequestBody DirectoryRegistration body) {
        return created(catalog.registerDirectory(body));
    }

    @Operation(summary = "List the registered datasets by name, a page at a time (X-Total-Count and Link tell the rest)")
    @GetMapping
    ResponseEntity<List<DatasetResponse>> list(
            @Parameter(description = "page, from 0") @RequestParam(required = false) String page,
            @Parameter(description = "datasets per page (default 100)") @RequestParam(required = false) String size) {
        PageRequest p = PageRequest.of(page, size, limits.maxPageSize());
        List<DatasetResponse> datasets = catalog.page(p.offset(), p.size()).stream()
                .map(d -> DatasetResponse.of(d, null)).toList();
        return ResponseEntity.ok().headers(p.headers("/api/datasets", catalog.count())).body(datasets);
    }

    @Operation(summary = "Describe one dataset: inputs, outputs, splits and label distributions")
    @GetMapping("/{name}")
    DatasetResponse get(@PathVariable String name) {
        return DatasetResponse.of(catalog.get(name), null);
    }

    @Operation(summary = "Delete a dataset, its samples and its generators (image files are not touched)")
    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String name) {
        catalog.delete(name);
    }

    private static ResponseEntity<DatasetResponse> created(DatasetCatalog.Registered r) {
        return ResponseEntity.created(URI.create("/api/datasets/" + r.dataset().name()))
                .body(DatasetResponse.of(r.dataset(), r.imagesChecked()));
    }

    /** The spec may come as a text field or as a file part. */
    private static String spec(MultipartHttpServletRequest request) {
        String text = request.getParameter("spec");
        MultipartFile file = request.getFile("spec");
        if (text == null && file != null) {
            if (file.getSize() > MAX_SPEC_BYTES) {
                throw RegistrationProblems.part(ProblemType.INVALID_SPEC, "spec", "the part has " + file.getSize()
                        + " bytes; a spec may have at most " + MAX_SPEC_BYTES);
            }
            try {
                return new String(file.getBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw RegistrationProblems.part(ProblemType.INVALID_SPEC, "spec", "the part cannot be read");
            }
        }
        return text;
    }
}
