package dev.datagen.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import dev.datagen.image.ImageCodec;
import dev.datagen.image.ImageException;
import dev.datagen.image.ImageFacts;
import dev.datagen.image.WorkerPool;
import dev.datagen.objects.ObjectStoreException;
import dev.datagen.objects.ReadAhead;
import dev.datagen.problem.ProblemException;
import dev.datagen.problem.ProblemType;

/**
 * Reads one split in chunks: each chunk's images are confined and decoded in parallel on the worker pool,
 * then checked in line order against what earlier lines established, then inserted. Memory is bounded by
 * the chunk size, whatever the split's.
 */
final class SplitLoader {

    static final int CHUNK = 256;
    /** A chunk is also cut at this many characters of list-file text: lines may be up to max-line-length each. */
    static final long CHUNK_CHARS = 4L << 20;

    private final String split;
    private final SampleSource source;
    private final LayoutState layout;
    private final Base baseDir;
    private final DataRoots roots;
    private final ImageStore images;
    private final ImageCodec codec;
    private final WorkerPool pool;
    private final int maxLabelWidth;
    private final RowSink sink;
    private int count;
    private long imagesChecked;

    /** Where checked rows go (the repository, inside the registration's transaction). */
    interface RowSink {
        void accept(String split, List<SampleRow> rows);
    }

    SplitLoader(String split, SampleSource source, LayoutState layout, Base baseDir, DataRoots roots, ImageStore images,
            ImageCodec codec, WorkerPool pool, int maxLabelWidth, RowSink sink) {
        this.images = images;
        this.split = split;
        this.source = source;
        this.layout = layout;
        this.baseDir = baseDir;
        this.roots = roots;
        this.codec = codec;
        this.pool = pool;
        this.maxLabelWidth = maxLabelWidth;
        this.sink = sink;
    }

    /** @return images checked */
    long load() throws IOException {
        List<SampleSource.RawSample> chunk = new ArrayList<>(CHUNK);
        SampleSource.RawSample raw;
        long chars = 0;
        while ((raw = source.next()) != null) {
            if (count == 0 && chunk.isEmpty()) {
                decideOutputKinds(raw);
            }
            chunk.add(raw);
            for (String field : raw.fields()) {
                chars += field.length();
            }
            if (chunk.size() == CHUNK || chars >= CHUNK_CHARS) {
                process(chunk);
                chunk.clear();
                chars = 0;
            }
        }
        if (!chunk.isEmpty()) {
            process(chunk);
        }
        if (count == 0) {
            throw RegistrationProblems.part(ProblemType.INVALID_LIST_FILE, source.partNames().get(0),
                    "the split has no samples");
        }
        layout.splitSizes.put(split, count);
        return imagesChecked;
    }

    private String part(int field) {
        return source.partNames().get(field);
    }

    /** The first line of each output says whether it holds label vectors or mask paths. */
    private void decideOutputKinds(SampleSource.RawSample first) {
        int inputs = layout.inputs.size();
        for (int o = 0; o < layout.outputs.size(); o++) {
            layout.outputs.get(o).decideKind(!LabelParser.looksNumeric(first.fields()[inputs + o]), part(inputs + o),
                    first.line());
        }
    }

    private void process(List<SampleSource.RawSample> chunk) {
        int inputs = layout.inputs.size();
        boolean[] imageField = new boolean[inputs + layout.outputs.size()];
        for (int f = 0; f < imageField.length; f++) {
            imageField[f] = f < inputs || layout.outputs.get(f - inputs).mask();
        }
        List<Checked> checked;
        try (ChunkReads reads = ChunkReads.start(chunk, imageField, baseDir, roots, images)) {
            List<Future<Checked>> futures = new ArrayList<>(chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                SampleSource.RawSample raw = chunk.get(i);
                int at = i;
                futures.add(pool.submit(WorkerPool.Priority.REGISTER, () -> check(raw, at, reads)));
            }
            checked = WorkerPool.joinAll(futures);
        }
        List<SampleRow> rows = new ArrayList<>(chunk.size());
        for (int i = 0; i < checked.size(); i++) {
            rows.add(accept(chunk.get(i), checked.get(i)));
        }
        sink.accept(split, rows);
    }

    /** What the parallel part found for one sample: real paths, image facts, parsed vectors. */
    private record Checked(String[] paths, ImageFacts[] facts, float[][] vectors, ProblemException error) {
    }

    /** Runs on the worker pool: touches only its own sample. */
    private Checked check(SampleSource.RawSample raw, int at, ChunkReads reads) {
        int inputs = layout.inputs.size();
        int outputs = layout.outputs.size();
        int masks = layout.masks();
        String[] paths = new String[inputs + masks];
        ImageFacts[] facts = new ImageFacts[inputs + masks];
        float[][] vectors = new float[outputs][];
        int p = 0;
        try {
            for (int f = 0; f < inputs + outputs; f++) {
                String text = raw.fields()[f];
                boolean isMask = f >= inputs && layout.outputs.get(f - inputs).mask();
                if (f < inputs || isMask) {
                    paths[p] = resolve(f, where(raw), text);
                    facts[p] = probe(f, where(raw), paths[p], isMask, at, reads);
                    p++;
                } else {
                    try {
                        vectors[f - inputs] = LabelParser.parse(text, maxLabelWidth);
                    } catch (IllegalArgumentException e) {
                        throw RegistrationProblems.at(ProblemType.INVALID_LIST_FILE, part(f), raw.line(), e.getMessage());
                    }
                }
            }
            return new Checked(paths, facts, vectors, null);
        } catch (ProblemException e) {
            return new Checked(paths, facts, vectors, e);
        }
    }

    private String resolve(int field, long line, String text) {
        try {
            return roots.resolveImage(baseDir, text);
        } catch (PathRefusedException e) {
            throw RegistrationProblems.at(e.notAllowed() ? ProblemType.PATH_NOT_ALLOWED : ProblemType.INVALID_IMAGE,
                    part(field), line, e.getMessage());
        }
    }

    /** The line a problem names: none for a class-folder walk, whose problems name the image's path. */
    private long where(SampleSource.RawSample raw) {
        return source.numbered() ? raw.line() : 0;
    }

    private ImageFacts probe(int field, long line, String stored, boolean mask, int at, ChunkReads reads) {
        String name = roots.display(stored);
        try {
            ReadAhead.Result ahead = reads.take(at, field);
            ByteBuffer data = ahead != null ? ImageStore.of(ahead.body()).data() : images.read(stored).data();
            return codec.probe(data, mask);
        } catch (ObjectStoreException e) {
            throw RegistrationProblems.store(e, ProblemType.INVALID_IMAGE, part(field), line,
                    "image '" + name + "': " + e.getMessage());
        } catch (ImageException e) {
            throw RegistrationProblems.at(ProblemType.INVALID_IMAGE, part(field), line,
                    "image '" + name + "': " + e.getMessage());
        } catch (IOException | PathRefusedException e) {
            throw RegistrationProblems.at(ProblemType.INVALID_IMAGE, part(field), line,
                    "image '" + name + "' cannot be read (" + (e instanceof PathRefusedException ? e.getMessage()
                            : e.getClass().getSimpleName()) + ")");
        }
    }

    /** In line order: consistency with earlier lines, statistics, and the row to store. */
    private SampleRow accept(SampleSource.RawSample raw, Checked c) {
        if (c.error() != null) {
            throw c.error();
        }
        int inputs = layout.inputs.size();
        for (int i = 0; i < inputs; i++) {
            layout.inputs.get(i).accept(c.facts()[i], roots.display(c.paths()[i]), part(i), where(raw));
        }
        int labelWidth = 0;
        int maskSlot = inputs;
        for (int o = 0; o < layout.outputs.size(); o++) {
            OutputLayout out = layout.outputs.get(o);
            if (out.mask()) {
                out.acceptMask(c.facts()[maskSlot++], c.facts()[0], split, part(inputs + o), raw.line());
            } else {
                out.acceptVector(c.vectors()[o], split, part(inputs + o), raw.line());
                labelWidth += out.width();
            }
        }
        if (labelWidth > maxLabelWidth) {
            // each vector was within the limit; together they bound what one sample's labels may take
            throw RegistrationProblems.at(ProblemType.INVALID_LIST_FILE, part(inputs), raw.line(), "the label vectors "
                    + "of this sample have " + labelWidth + " values in all, more than datagen.limits.max-label-width ("
                    + maxLabelWidth + ")");
        }
        float[] labels = new float[labelWidth];
        int at = 0;
        for (float[] v : c.vectors()) {
            if (v != null) {
                System.arraycopy(v, 0, labels, at, v.length);
                at += v.length;
            }
        }
        imagesChecked += c.paths().length;
        return new SampleRow(count++, c.paths(), labels);
    }
}
