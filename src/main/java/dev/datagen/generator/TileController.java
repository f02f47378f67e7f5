package dev.datagen.generator;

import java.time.Duration;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Generators")
@RestController
class TileController {

    private final TileService tiles;

    TileController(TileService tiles) {
        this.tiles = tiles;
    }

    @Operation(summary = "One sample of one input or mask output of a batch, as PNG, rendered from the payload's "
            + "own arrays: uint8 images exactly (the PNG decodes to the npz's values), float32 images mapped back "
            + "to 0..255 (normalization and rescale undone, rounded, clipped), masks in class colours or, with "
            + "format=ids, their class ids in 8-bit grey",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "image/png",
                    schema = @Schema(type = "string", format = "binary"))))
    @GetMapping(path = "/api/generators/{id}/epochs/{epoch}/batches/{index}/samples/{sample}/{array}",
            produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> tile(@PathVariable String id,
            @Parameter(description = "epoch, from 0, as for the batch") @PathVariable String epoch,
            @Parameter(description = "batch of the epoch (of the shard), from 0, as for the batch") @PathVariable String index,
            @Parameter(description = "position in the batch, from 0") @PathVariable String sample,
            @Parameter(description = "an input or mask output's name") @PathVariable String array,
            @Parameter(description = "shard, from 0; required when numShards > 1") @RequestParam(required = false) String shard,
            @Parameter(description = "elastic resume, as for the batch") @RequestParam(required = false) String numShards,
            @Parameter(description = "elastic resume, as for the batch") @RequestParam(required = false) String from,
            @Parameter(description = "image (default): pixels, masks in class colours; ids: a mask's class ids in "
                    + "8-bit grey") @RequestParam(required = false) String format) {
        // on this thread, not the worker pool's: building the batch hands its samples to that pool
        byte[] png = tiles.tile(id, epoch, index, shard, numShards, from, sample, array, format);
        // the same URL is the same picture while the files are unchanged
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate()).body(png);
    }
}
