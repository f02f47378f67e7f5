package dev.datagen.generator;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.datagen.payload.Batch;
import dev.datagen.payload.BatchMediaTypes;
import dev.datagen.web.PageRequest;
import dev.datagen.web.RequestLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Generators", description = "Shuffled, sharded, augmented batches of a split, page by page")
@RestController
class GeneratorController {

    private final GeneratorService service;
    private final BatchService batches;
    private final RequestLimits limits;

    GeneratorController(GeneratorService service, BatchService batches, RequestLimits limits) {
        this.service = service;
        this.batches = batches;
        this.limits = limits;
    }

    @Operation(summary = "Create a generator over a split of a dataset")
    @PostMapping(path = "/api/datasets/{name}/generators", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<GeneratorResponse> create(@PathVariable String name, @RequestBody GeneratorRequest request) {
        Generator g = service.create(name, request);
        return ResponseEntity.created(URI.create("/api/generators/" + g.id())).body(service.describe(g));
    }

    @Operation(summary = "List a dataset's generators, a page at a time (X-Total-Count and Link tell the rest)")
    @GetMapping("/api/datasets/{name}/generators")
    ResponseEntity<List<GeneratorResponse>> ofDataset(@PathVariable String name,
            @Parameter(description = "page, from 0") @RequestParam(required = false) String page,
            @Parameter(description = "generators per page (default 100)") @RequestParam(required = false) String size) {
        PageRequest p = PageRequest.of(page, size, limits.maxPageSize());
        return page(service.findByDataset(name, p.offset(), p.size()), p, "/api/datasets/" + name + "/generators");
    }

    @Operation(summary = "List every generator, a page at a time (X-Total-Count and Link tell the rest)")
    @GetMapping("/api/generators")
    ResponseEntity<List<GeneratorResponse>> all(
            @Parameter(description = "page, from 0") @RequestParam(required = false) String page,
            @Parameter(description = "generators per page (default 100)") @RequestParam(required = false) String size) {
        PageRequest p = PageRequest.of(page, size, limits.maxPageSize());
        return page(service.findAll(p.offset(), p.size()), p, "/api/generators");
    }

    private ResponseEntity<List<GeneratorResponse>> page(GeneratorService.Page<Generator> found, PageRequest p,
            String path) {
        List<GeneratorResponse> described = new ArrayList<>();
        for (Generator g : found.items()) {
            service.describeIfPresent(g).ifPresent(described::add);
        }
        return ResponseEntity.ok().headers(p.headers(path, found.total())).body(described);
    }

    @Operation(summary = "Describe a generator: batches per epoch and the arrays of a batch; with numShards and "
            + "from, the batches per shard of an elastic resume")
    @GetMapping("/api/generators/{id}")
    GeneratorResponse get(@PathVariable String id,
            @Parameter(description = "deal the epoch to this many shards (default: the generator's numShards)") @RequestParam(required = false) String numShards,
            @Parameter(description = "deal the epoch from this position on (default 0)") @RequestParam(required = false) String from) {
        return service.describe(service.find(id), numShards, from);
    }

    @Operation(summary = "Delete a generator")
    @DeleteMapping("/api/generators/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id) {
        service.delete(id);
    }

    @Operation(summary = "One batch: npz (numpy.load), consecutive npy arrays (numpy.load each, in array order), "
            + "ND4J MultiDataSet, or JSON (indices and labels only)",
            responses = @ApiResponse(responseCode = "200", content = {
                @Content(mediaType = BatchMediaTypes.NPZ_VALUE, schema = @Schema(type = "string", format = "binary")),
                @Content(mediaType = BatchMediaTypes.ND4J_VALUE, schema = @Schema(type = "string", format = "binary")),
                @Content(mediaType = BatchMediaTypes.NPY_VALUE, schema = @Schema(type = "string", format = "binary")),
                @Content(mediaType = MediaType.APPLICATION_JSON_VALUE)}))
    @GetMapping(path = "/api/generators/{id}/epochs/{epoch}/batches/{index}",
            produces = {BatchMediaTypes.NPZ_VALUE, BatchMediaTypes.ND4J_VALUE, BatchMediaTypes.NPY_VALUE,
                MediaType.APPLICATION_JSON_VALUE})
    Batch batch(@PathVariable String id,
            @Parameter(description = "epoch, from 0; the order of epoch e depends only on (seed, e)") @PathVariable String epoch,
            @Parameter(description = "batch of the epoch (of the shard), from 0") @PathVariable String index,
            @Parameter(description = "shard, from 0; required when numShards > 1") @RequestParam(required = false) String shard,
            @Parameter(description = "elastic resume: deal the epoch to this many shards (default: the generator's)") @RequestParam(required = false) String numShards,
            @Parameter(description = "elastic resume: deal positions from this one on (default 0)") @RequestParam(required = false) String from,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return batches.batch(id, epoch, index, shard, numShards, from,
                viewOnly(accept) ? BatchService.Reader.VIEWER : BatchService.Reader.TRAINER);
    }

    /** Whether only the JSON view was asked for: a person (or the dashboard) looking, not a trainer reading. */
    private static boolean viewOnly(String accept) {
        return accept != null && accept.contains("json") && !accept.contains("npz") && !accept.contains("npy")
                && !accept.contains("nd4j") && !accept.contains("*/*");
    }
}
