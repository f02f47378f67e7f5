package dev.datagen.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A registration from list files, the multipart form of {@code POST /api/datasets}: one file of image paths
 * per model input ({@code train-data}, or {@code train-data.<input>}) and one file of label vectors or
 * mask paths per model output ({@code train-label}, or {@code train-label.<output>}), for each split.
 * Paths in the files are resolved on the service's machine, against {@link #baseDir(String)}.
 *
 * <pre>{@code
 * ListFileRegistration.named("mnist").baseDir("/data/mnist").kerasFiles(Path.of("/data/mnist"))
 * }</pre>
 *
 * Immutable; the files are read when the registration is sent, streamed, not loaded into memory.
 */
public final class ListFileRegistration {

    private static final Pattern PART = Pattern.compile("[a-z0-9][a-z0-9_]*-(data|label)(\\.[A-Za-z0-9_.-]+)?");

    /** A list file's content: a file on this machine, or bytes. */
    record Content(String fileName, Path file, byte[] bytes) {
    }

    private final String name;
    private final String baseDir;
    private final String spec;
    private final Map<String, Content> parts;

    private ListFileRegistration(String name, String baseDir, String spec, Map<String, Content> parts) {
        this.name = name;
        this.baseDir = baseDir;
        this.spec = spec;
        this.parts = parts;
    }

    /** @param name the dataset's name: lower case letters, digits, '.', '_' and '-', at most 64 */
    public static ListFileRegistration named(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a dataset needs a name");
        }
        return new ListFileRegistration(name, null, null, Map.of());
    }

    /** The folder on the service's machine that relative image paths resolve against. */
    public ListFileRegistration baseDir(String dir) {
        return new ListFileRegistration(name, dir, spec, parts);
    }

    /** Overrides of what the service infers, as JSON: {@code {"inputs": {...}, "outputs": {...}}}. */
    public ListFileRegistration spec(String json) {
        return new ListFileRegistration(name, baseDir, json, parts);
    }

    /**
     * Adds a list file.
     *
     * @param part e.g. {@code train-data}, {@code train-label.parity}, {@code test-data.left}
     */
    public ListFileRegistration part(String part, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(part + ": " + file + " is not a readable file");
        }
        return with(part, new Content(file.getFileName().toString(), file, null));
    }

    /** Adds a list file given as text (one line per sample). */
    public ListFileRegistration part(String part, String lines) {
        return with(part, new Content(part + ".txt", null, lines.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The four files of the Keras DataGenerator in {@code dir}: {@code train-data.txt}, {@code train-label.txt}
     * and, when present, {@code test-data.txt} and {@code test-label.txt}.
     */
    public ListFileRegistration kerasFiles(Path dir) {
        ListFileRegistration r = part("train-data", dir.resolve("train-data.txt"))
                .part("train-label", dir.resolve("train-label.txt"));
        if (Files.exists(dir.resolve("test-data.txt"))) {
            r = r.part("test-data", dir.resolve("test-data.txt")).part("test-label", dir.resolve("test-label.txt"));
        }
        return r;
    }

    private ListFileRegistration with(String part, Content content) {
        if (!PART.matcher(part).matches()) {
            throw new IllegalArgumentException("a list-file part is named <split>-data[.<input>] or "
                    + "<split>-label[.<output>], got '" + part + "'");
        }
        Map<String, Content> copy = new LinkedHashMap<>(parts);
        if (copy.put(part, content) != null) {
            throw new IllegalArgumentException("part " + part + " is given twice");
        }
        return new ListFileRegistration(name, baseDir, spec, Collections.unmodifiableMap(copy));
    }

    public String name() {
        return name;
    }

    /** The multipart form, fields first, then the files in the order they were added. */
    Multipart toMultipart() {
        Multipart form = new Multipart().field("name", name);
        if (baseDir != null) {
            form = form.field("baseDir", baseDir);
        }
        if (spec != null) {
            form = form.field("spec", spec);
        }
        for (Map.Entry<String, Content> p : parts.entrySet()) {
            Content c = p.getValue();
            form = c.file() != null ? form.file(p.getKey(), c.fileName(), c.file())
                    : form.file(p.getKey(), c.fileName(), c.bytes());
        }
        return form;
    }
}
