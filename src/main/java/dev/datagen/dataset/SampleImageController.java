package dev.datagen.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.datagen.dataset.DatasetDescriptor.InputInfo;
import dev.datagen.dataset.DatasetDescriptor.OutputInfo;
import dev.datagen.image.ImageCodec;
import dev.datagen.image.ImageException;
import dev.datagen.image.ImageFile;
import dev.datagen.image.ImageHeader;
import dev.datagen.image.MaskColors;
import dev.datagen.image.PixelFormat;
import dev.datagen.image.Png;
import dev.datagen.image.RegularFile;
import dev.datagen.image.WorkerPool;
import dev.datagen.objects.ObjectAddress;
import dev.datagen.objects.ObjectStoreException;
import dev.datagen.problem.ProblemException;
import dev.datagen.problem.ProblemType;
import dev.datagen.problem.Quote;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Samples")
@RestController
@RequestMapping("/api/datasets/{name}/splits/{split}/samples")
class SampleImageController {

    private final SampleLookup lookup;
    private final DataRoots roots;
    private final ImageStore images;
    private final ImageCodec codec;
    private final WorkerPool pool;

    SampleImageController(SampleLookup lookup, DataRoots roots, ImageStore images, ImageCodec codec, WorkerPool pool) {
        this.images = images;
        this.lookup = lookup;
        this.roots = roots;
        this.codec = codec;
        this.pool = pool;
    }

    @Operation(summary = "One image of a sample: the original file (as PNG when browsers cannot show it), "
            + "the image resized as a batch delivers it, or a mask coloured for overlay")
    @GetMapping(path = "/{index}/{field}", produces = {MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_JPEG_VALUE,
        "image/webp", "image/bmp"})
    ResponseEntity<Resource> image(@PathVariable String name, @PathVariable String split, @PathVariable int index,
            @PathVariable String field,
            @Parameter(description = "original | resized | overlay (masks)") @RequestParam(defaultValue = "original") String format) {
        Dataset d = lookup.dataset(name);
        SampleRow row = lookup.row(d, split, index);
        DatasetDescriptor desc = d.descriptor();
        int slot = slotOf(desc, field);
        String stored = row.paths()[slot];
        boolean object = ObjectAddress.isAddress(stored);
        Path path = object ? null : confined(stored);
        boolean mask = slot >= desc.inputs().size();
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(10)).cachePrivate())
                .eTag(d.uid() + "-" + split + "-" + index + "-" + field + "-" + format);
        try {
            // decoding runs on the image workers: concurrency, and so native memory, stays bounded
            return switch (format) {
                case "original" -> object ? originalObject(stored, mask, ok) : original(path, mask, ok);
                case "resized" -> {
                    InputInfo first = desc.inputs().get(0);
                    PixelFormat pf = mask ? PixelFormat.mask(first.height(), first.width())
                            : PixelFormat.image(desc.inputs().get(slot).height(), desc.inputs().get(slot).width(),
                                    desc.inputs().get(slot).color()).interpolated(desc.inputs().get(slot).interpolation());
                    yield png(ok, pool.call(WorkerPool.Priority.SERVE, () -> {
                        byte[] pixels = new byte[pf.bytes()];
                        codec.decodeInto(read(stored), pf, pixels, 0);
                        return Png.encode(pixels, pf.height(), pf.width(), pf.channels());
                    }));
                }
                case "overlay" -> {
                    if (!mask) {
                        throw ProblemException.badRequest("format=overlay applies to mask outputs only.");
                    }
                    yield png(ok, pool.call(WorkerPool.Priority.SERVE, () -> overlay(read(stored))));
                }
                default -> throw ProblemException.badRequest("format must be original, resized or overlay.");
            };
        } catch (IOException | ImageException e) {
            Map<String, Object> props = new java.util.LinkedHashMap<>(); // Map.of's order changes from run to run
            props.put("sample", index);
            props.put("field", field);
            throw new ProblemException(ProblemType.SAMPLE_UNREADABLE, "Sample " + index + " of split '" + split
                    + "', " + field + " (" + stored.substring(stored.lastIndexOf('/') + 1) + "): " + e.getMessage(),
                    props);
        }
    }

    /**
     * The file as stored, streamed rather than read into memory, when a browser can show its format; else
     * decoded and sent as PNG. A file larger than any image the service would decode is refused.
     */
    private ResponseEntity<Resource> original(Path path, boolean mask, ResponseEntity.BodyBuilder ok) throws IOException {
        RegularFile file = RegularFile.open(path);
        try {
            if (file.size() > codec.maxFileBytes()) {
                throw new ImageException("the file is " + file.size() + " bytes, more than any image the service "
                        + "decodes (" + codec.maxFileBytes() + ")");
            }
            ByteBuffer start = ByteBuffer.allocate((int) Math.min(file.size(), 64));
            file.readFully(start);
            MediaType type = browserType(start.flip());
            if (type == null) {
                file.close();
                return png(ok, pool.call(WorkerPool.Priority.SERVE, () -> nativePng(ImageFile.read(path,
                        codec.maxFileBytes()).data(), mask)));
            }
            file.channel().position(0);
            long size = file.size();
            InputStream in = Channels.newInputStream(file.channel());
            return ok.contentType(type).contentLength(size).body(new InputStreamResource(in) {
                @Override
                public long contentLength() {
                    return size;
                }
            });
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** The media type of an image format browsers show, from its first bytes; null for others (TIFF, PNM). */
    private static MediaType browserType(ByteBuffer start) {
        return switch (String.valueOf(ImageHeader.sniff(start))) {
            case "png" -> MediaType.IMAGE_PNG;
            case "jpeg" -> MediaType.IMAGE_JPEG;
            case "webp" -> MediaType.parseMediaType("image/webp");
            case "bmp" -> MediaType.parseMediaType("image/bmp");
            default -> null;
        };
    }

    private static ResponseEntity<Resource> png(ResponseEntity.BodyBuilder ok, byte[] png) {
        return ok.contentType(MediaType.IMAGE_PNG).body(new ByteArrayResource(png));
    }

    /** An object, sent as stored when browsers can show its format; else decoded and sent as PNG. */
    private ResponseEntity<Resource> originalObject(String stored, boolean mask, ResponseEntity.BodyBuilder ok)
            throws IOException {
        byte[] data;
        try {
            data = images.objects().get(images.confined(stored), codec.maxFileBytes()).data();
        } catch (PathRefusedException e) {
            throw new ImageException(e.getMessage());
        }
        MediaType type = browserType(ByteBuffer.wrap(data, 0, Math.min(data.length, 64)));
        if (type == null) {
            return png(ok, pool.call(WorkerPool.Priority.SERVE, () -> nativePng(ImageFile.direct(data), mask)));
        }
        return ok.contentType(type).contentLength(data.length).body(new ByteArrayResource(data));
    }

    /** The image's bytes, read on the calling thread into its buffer; why not, as an image error. */
    private ByteBuffer read(String stored) {
        try {
            return images.read(stored).data();
        } catch (ObjectStoreException e) {
            if (e.storeAtFault()) {
                throw new ProblemException(ProblemType.OBJECT_STORE_UNAVAILABLE, e.getMessage());
            }
            throw new ImageException(e.getMessage());
        } catch (PathRefusedException e) {
            throw new ImageException(e.getMessage());
        } catch (IOException e) {
            throw new ImageException("the image can no longer be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private byte[] nativePng(ByteBuffer data, boolean mask) {
        var facts = codec.probe(data, false);
        PixelFormat pf = mask ? PixelFormat.mask(facts.height(), facts.width())
                : PixelFormat.image(facts.height(), facts.width(), dev.datagen.image.ColorMode.ofChannels(facts.channels()));
        byte[] pixels = new byte[pf.bytes()];
        codec.decodeInto(data, pf, pixels, 0);
        return Png.encode(pixels, pf.height(), pf.width(), pf.channels());
    }

    private byte[] overlay(ByteBuffer data) {
        var facts = codec.probe(data, false);
        PixelFormat pf = PixelFormat.mask(facts.height(), facts.width());
        byte[] ids = new byte[pf.bytes()];
        codec.decodeInto(data, pf, ids, 0);
        return Png.encode(MaskColors.rgba(ids), pf.height(), pf.width(), 4);
    }

    private Path confined(String stored) {
        try {
            return roots.recheck(Path.of(stored)).path();
        } catch (IOException e) {
            throw new ProblemException(ProblemType.SAMPLE_UNREADABLE, "The image " + Path.of(stored).getFileName()
                    + " can no longer be read: " + e.getClass().getSimpleName().replace("Exception", ""));
        } catch (PathRefusedException e) {
            throw new ProblemException(e.notAllowed() ? ProblemType.PATH_NOT_ALLOWED : ProblemType.SAMPLE_UNREADABLE,
                    e.getMessage());
        }
    }

    private static int slotOf(DatasetDescriptor desc, String field) {
        for (int i = 0; i < desc.inputs().size(); i++) {
            if (desc.inputs().get(i).name().equals(field)) {
                return i;
            }
        }
        int slot = desc.inputs().size();
        for (OutputInfo o : desc.outputs()) {
            if (o.kind() == OutputKind.MASK) {
                if (o.name().equals(field)) {
                    return slot;
                }
                slot++;
            }
        }
        List<String> names = new java.util.ArrayList<>(desc.inputs().stream().map(InputInfo::name).toList());
        desc.outputs().stream().filter(o -> o.kind() == OutputKind.MASK).map(OutputInfo::name).forEach(names::add);
        throw ProblemException.notFound("The dataset has no image input or mask output named "
                + Quote.of(field) + "; it has " + names + ".");
    }
}
