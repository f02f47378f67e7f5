package dev.datagen.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
import dev.datagen.image.ImageHeader;
import dev.datagen.image.PixelFormat;
import dev.datagen.image.RegularFile;
import dev.datagen.image.WorkerPool;
import dev.datagen.system.ProblemException;
import dev.datagen.system.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Samples", description = "One sample's paths, labels and images, for inspection and the dashboard")
@RestController
@RequestMapping("/api/datasets/{name}/splits/{split}/samples")
class SampleController {

    /** Distinct colours for mask classes 1..n (class 0, background, stays transparent). */
    private static final int[] PALETTE = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2,
        0x7f7f7f, 0xbcbd22, 0x17becf, 0xaec7e8, 0xffbb78, 0x98df8a, 0xff9896, 0xc5b0d5, 0xc49c94, 0xf7b6d2,
        0xc7c7c7, 0xdbdb8d, 0x9edae5};

    private final DatasetRepository repository;
    private final DataRoots roots;
    private final ImageCodec codec;
    private final WorkerPool pool;

    SampleController(DatasetRepository repository, DataRoots roots, ImageCodec codec, WorkerPool pool) {
        this.repository = repository;
        this.roots = roots;
        this.codec = codec;
        this.pool = pool;
    }

    /**
     * @param inputs  input name to image path
     * @param outputs output name to its label vector, or to the mask path
     */
    record SampleResponse(String dataset, String split, int index, Map<String, String> inputs,
            Map<String, Object> outputs, Map<String, String> classes, Map<String, String> links) {
    }

    @Operation(summary = "One sample: its image paths and labels")
    @GetMapping("/{index}")
    SampleResponse sample(@PathVariable String name, @PathVariable String split, @PathVariable int index) {
        Dataset d = dataset(name);
        SampleRow row = row(d, split, index);
        DatasetDescriptor desc = d.descriptor();
        Map<String, String> inputs = new LinkedHashMap<>();
        Map<String, String> links = new LinkedHashMap<>();
        String base = "/api/datasets/" + name + "/splits/" + split + "/samples/" + index;
        for (int i = 0; i < desc.inputs().size(); i++) {
            inputs.put(desc.inputs().get(i).name(), row.paths()[i]);
            links.put(desc.inputs().get(i).name(), base + "/" + desc.inputs().get(i).name());
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        Map<String, String> classes = new LinkedHashMap<>();
        int mask = desc.inputs().size();
        int at = 0;
        for (OutputInfo o : desc.outputs()) {
            if (o.kind() == OutputKind.MASK) {
                outputs.put(o.name(), row.paths()[mask++]);
                links.put(o.name(), base + "/" + o.name());
            } else {
                float[] v = Arrays.copyOfRange(row.labels(), at, at + o.classes());
                at += o.classes();
                outputs.put(o.name(), v);
                if (o.kind() == OutputKind.CATEGORICAL) {
                    int k = argmax(v);
                    classes.put(o.name(), o.classNames() != null ? k + " (" + o.classNames().get(k) + ")" : String.valueOf(k));
                }
            }
        }
        return new SampleResponse(name, split, index, inputs, outputs, classes, links);
    }

    @Operation(summary = "One image of a sample: the original file (as PNG when browsers cannot show it), "
            + "the image resized as a batch delivers it, or a mask coloured for overlay")
    @GetMapping(path = "/{index}/{field}", produces = {MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_JPEG_VALUE,
        "image/webp", "image/bmp"})
    ResponseEntity<Resource> image(@PathVariable String name, @PathVariable String split, @PathVariable int index,
            @PathVariable String field,
            @Parameter(description = "original | resized | overlay (masks)") @RequestParam(defaultValue = "original") String format) {
        Dataset d = dataset(name);
        SampleRow row = row(d, split, index);
        DatasetDescriptor desc = d.descriptor();
        int slot = slotOf(desc, field);
        Path path = confined(row.paths()[slot]);
        boolean mask = slot >= desc.inputs().size();
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(10)).cachePrivate())
                .eTag(d.uid() + "-" + split + "-" + index + "-" + field + "-" + format);
        try {
            // decoding runs on the image workers: concurrency, and so native memory, stays bounded
            return switch (format) {
                case "original" -> original(path, mask, ok);
                case "resized" -> {
                    InputInfo first = desc.inputs().get(0);
                    PixelFormat pf = mask ? PixelFormat.mask(first.height(), first.width())
                            : PixelFormat.image(desc.inputs().get(slot).height(), desc.inputs().get(slot).width(),
                                    desc.inputs().get(slot).color());
                    yield png(ok, pool.call(WorkerPool.Priority.SERVE,
                            () -> codec.encodePng(codec.decode(path, pf), pf.height(), pf.width(), pf.channels())));
                }
                case "overlay" -> {
                    if (!mask) {
                        throw ProblemException.badRequest("format=overlay applies to mask outputs only.");
                    }
                    yield png(ok, pool.call(WorkerPool.Priority.SERVE, () -> overlay(path)));
                }
                default -> throw ProblemException.badRequest("format must be original, resized or overlay.");
            };
        } catch (IOException | ImageException e) {
            throw new ProblemException(ProblemType.SAMPLE_UNREADABLE, "Sample " + index + " of split '" + split
                    + "', " + field + " (" + path.getFileName() + "): " + e.getMessage(),
                    Map.of("sample", index, "field", field));
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
            MediaType type = switch (String.valueOf(ImageHeader.sniff(start.flip()))) {
                case "png" -> MediaType.IMAGE_PNG;
                case "jpeg" -> MediaType.IMAGE_JPEG;
                case "webp" -> MediaType.parseMediaType("image/webp");
                case "bmp" -> MediaType.parseMediaType("image/bmp");
                default -> null;
            };
            if (type == null) {
                file.close();
                return png(ok, pool.call(WorkerPool.Priority.SERVE, () -> nativePng(path, mask)));
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

    private static ResponseEntity<Resource> png(ResponseEntity.BodyBuilder ok, byte[] png) {
        return ok.contentType(MediaType.IMAGE_PNG).body(new ByteArrayResource(png));
    }

    private byte[] nativePng(Path path, boolean mask) {
        var facts = codec.probe(path, false);
        PixelFormat pf = mask ? PixelFormat.mask(facts.height(), facts.width())
                : PixelFormat.image(facts.height(), facts.width(), dev.datagen.image.ColorMode.ofChannels(facts.channels()));
        return codec.encodePng(codec.decode(path, pf), pf.height(), pf.width(), pf.channels());
    }

    private byte[] overlay(Path path) {
        var facts = codec.probe(path, false);
        PixelFormat pf = PixelFormat.mask(facts.height(), facts.width());
        byte[] ids = codec.decode(path, pf);
        byte[] rgba = new byte[ids.length * 4];
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i] & 0xFF;
            if (id == 0) {
                continue;
            }
            int c = PALETTE[(id - 1) % PALETTE.length];
            rgba[4 * i] = (byte) (c >> 16);
            rgba[4 * i + 1] = (byte) (c >> 8);
            rgba[4 * i + 2] = (byte) c;
            rgba[4 * i + 3] = (byte) 160;
        }
        return codec.encodePng(rgba, pf.height(), pf.width(), 4);
    }

    private Path confined(String stored) {
        try {
            return roots.recheck(Path.of(stored)).path();
        } catch (IOException e) {
            throw new ProblemException(ProblemType.SAMPLE_UNREADABLE, "The image " + Path.of(stored).getFileName()
                    + " can no longer be read: " + e.getClass().getSimpleName().replace("Exception", ""));
        } catch (DataRoots.PathRefusedException e) {
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
                + DatasetRegistrar.quote(field) + "; it has " + names + ".");
    }

    private Dataset dataset(String name) {
        return repository.findByName(name)
                .orElseThrow(() -> ProblemException.notFound("No dataset is named " + DatasetRegistrar.quote(name) + "."));
    }

    private SampleRow row(Dataset d, String split, int index) {
        DatasetDescriptor.SplitInfo info = d.descriptor().split(split);
        if (info == null) {
            throw ProblemException.notFound("Dataset '" + d.name() + "' has no split " + DatasetRegistrar.quote(split)
                    + "; it has " + d.descriptor().splits().keySet() + ".");
        }
        if (index < 0 || index >= info.samples()) {
            throw ProblemException.notFound("Split '" + split + "' has samples 0 to " + (info.samples() - 1)
                    + "; there is no sample " + index + ".");
        }
        return repository.findSample(d.id(), split, index)
                .orElseThrow(() -> ProblemException.notFound("Sample " + index + " is missing."));
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
