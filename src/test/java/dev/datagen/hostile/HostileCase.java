package dev.datagen.hostile;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One case of the hostile corpus: a folder under {@code src/test/resources/hostile/} named for what it
 * tries, holding a {@code case.properties} descriptor and the small files it needs.
 *
 * <p>The descriptor says:
 * <ul>
 * <li>{@code tries}: one line on what the input attempts;</li>
 * <li>{@code server}: {@code shared} (default; the in-process server), {@code small-heap} (a child JVM with
 * {@code -Xmx256m}, whose peak resident memory is measured) or {@code small-upload} (upload limits of 1MB
 * per file, 2MB per request);</li>
 * <li>{@code request}: {@code register} (multipart {@code POST /api/datasets} with {@code parts}, a
 * comma-separated ordered list, each {@code part.<name>} being {@code text:<field value>} or
 * {@code textgen:<expression>} for a text field, {@code file:<file in the case folder>},
 * {@code filetext:<content>} or {@code gen:<expression>} for a file part (list files are file parts); {@code name} and {@code baseDir} default to {@code hostile} and the case folder),
 * {@code json} ({@code POST} of {@code body} as application/json to {@code path}), {@code form} (the same as
 * a urlencoded form), {@code get} ({@code path} with {@code accept}) or {@code raw} ({@code method},
 * {@code path}, {@code contentType} and {@code body}); a body is {@code text:}, {@code file:}, {@code gen:} or
 * {@code chunked:} followed by one of the others (sent without a Content-Length);
 * {@code header.<name> = text:<value>} or {@code textgen:<expression>} adds a request header;</li>
 * <li>{@code symlink.<name> = <target>}, {@code fifo.<name>}, {@code image.<name> = <recipe>},
 * {@code file.<name> = <expression>}, {@code copy.<name> = <file>}: what to create in the case folder at
 * test time;</li>
 * <li>{@code prepare.parts} (with {@code prepare.part.<name>} as for {@code parts}): a dataset named
 * {@code prepared} registered from the case folder before the request, with a generator
 * ({@code prepare.generator}, JSON; default unshuffled batches of 2) whose id is {@code ${prepared}};
 * then {@code swap.<file> = fifo | socket | folder | sparse:<bytes>} replaces a registered file by a named
 * pipe, a Unix socket, a folder or a sparse file of that size. The dataset is deleted after the case;</li>
 * <li>{@code expect.status}, {@code expect.type} (the problem type's slug), {@code expect.detail},
 * {@code expect.detail.2} (substrings of the detail), {@code expect.part}, {@code expect.line},
 * {@code expect.maxSeconds} (default 10) and, on {@code small-heap}, {@code expect.maxRssGrowthMB}
 * (default 150).</li>
 * </ul>
 * Values may use {@code ${case}} (the case folder, copied inside a data root), {@code ${mnist}} (real MNIST
 * digits), {@code ${outside}} (a folder outside every data root holding a real {@code digit.png}),
 * {@code ${linkroot}} (a data root that is a symlink), {@code ${generator}} (a good generator's id) and
 * {@code ${kept}} (a good dataset's name); so may the case's {@code .txt} and {@code .json} files.
 * Expressions are those of {@link Generated}.
 */
final class HostileCase {

    static final String DESCRIPTOR = "case.properties";

    private final String name;
    private final Path source;
    private final Properties p;

    private HostileCase(String name, Path source, Properties p) {
        this.name = name;
        this.source = source;
        this.p = p;
    }

    static List<HostileCase> all(Path corpus) {
        try (Stream<Path> dirs = Files.list(corpus)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(DESCRIPTOR)))
                    .sorted(Comparator.comparing(Path::toString))
                    .map(HostileCase::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HostileCase load(Path dir) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(DESCRIPTOR), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String required : List.of("tries", "request", "expect.status", "expect.type")) {
            if (p.getProperty(required) == null) {
                throw new IllegalStateException(dir.getFileName() + "/" + DESCRIPTOR + " lacks " + required);
            }
        }
        return new HostileCase(dir.getFileName().toString(), dir, p);
    }

    String name() {
        return name;
    }

    String tries() {
        return p.getProperty("tries");
    }

    String server() {
        return p.getProperty("server", "shared");
    }

    int status() {
        return Integer.parseInt(p.getProperty("expect.status"));
    }

    String type() {
        return p.getProperty("expect.type");
    }

    List<String> detail() {
        List<String> d = new ArrayList<>();
        for (String key : List.of("expect.detail", "expect.detail.2", "expect.detail.3")) {
            if (p.getProperty(key) != null) {
                d.add(p.getProperty(key));
            }
        }
        return d;
    }

    String part() {
        return p.getProperty("expect.part");
    }

    Long line() {
        String l = p.getProperty("expect.line");
        return l == null ? null : Long.valueOf(l);
    }

    double maxSeconds() {
        return Double.parseDouble(p.getProperty("expect.maxSeconds", "10"));
    }

    long maxRssGrowthMb() {
        return Long.parseLong(p.getProperty("expect.maxRssGrowthMB", "150"));
    }

    /**
     * Copies the case folder to {@code into/<name>} (substituting placeholders in its .txt and .json files)
     * and creates what the descriptor asks for: generated files and images, symlinks, FIFOs.
     */
    Path materialize(Path into, Map<String, String> vars) throws IOException {
        Path dir = into.resolve(name);
        Map<String, String> all = new java.util.HashMap<>(vars);
        all.put("case", dir.toString());
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".txt") || n.endsWith(".json")) {
                    Files.writeString(dir.resolve(n), substitute(Files.readString(f), all));
                } else if (!n.equals(DESCRIPTOR) && Files.isRegularFile(f)) {
                    Files.copy(f, dir.resolve(n));
                }
            }
        }
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("file.")) {
                Generated.write(substitute(p.getProperty(key), all), dir.resolve(key.substring(5)));
            } else if (key.startsWith("image.")) {
                HostileImages.write(p.getProperty(key), dir.resolve(key.substring(6)));
            } else if (key.startsWith("symlink.")) {
                Files.createSymbolicLink(dir.resolve(key.substring(8)), Path.of(substitute(p.getProperty(key), all)));
            } else if (key.startsWith("fifo.")) {
                SpecialFiles.fifo(dir.resolve(key.substring(5)));
            } else if (key.startsWith("copy.")) {
                Files.copy(Path.of(substitute(p.getProperty(key), all)), dir.resolve(key.substring(5)));
            }
        }
        return dir;
    }

    boolean prepares() {
        return p.getProperty("prepare.parts") != null;
    }

    /**
     * Registers the {@code prepared} dataset from the case folder, creates its generator, then swaps the
     * files the case names; returns the variables it adds ({@code prepared}: the generator's id).
     */
    Map<String, String> prepare(dev.datagen.support.Http http, Path dir, Map<String, String> vars) throws IOException {
        Map<String, String> all = new java.util.HashMap<>(vars);
        all.put("case", dir.toString());
        Map<String, Object> form = new java.util.LinkedHashMap<>();
        form.put("name", PREPARED);
        form.put("baseDir", dir.toString());
        for (String n : p.getProperty("prepare.parts").split(",")) {
            form.put(n.strip(), file(p.getProperty("prepare.part." + n.strip()), dir, all, n.strip()));
        }
        var registered = http.multipart("/api/datasets", form);
        if (registered.statusCode() != 201) {
            throw new IllegalStateException(name + ": preparing failed: " + dev.datagen.support.Http.text(registered));
        }
        var generator = http.postJson("/api/datasets/" + PREPARED + "/generators",
                p.getProperty("prepare.generator", "{\"split\": \"train\", \"batchSize\": 2, \"shuffle\": false}"));
        if (generator.statusCode() != 201) {
            throw new IllegalStateException(name + ": preparing failed: " + dev.datagen.support.Http.text(generator));
        }
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("swap.")) {
                SpecialFiles.replace(dir.resolve(key.substring(5)), p.getProperty(key).strip());
            }
        }
        return Map.of("prepared", dev.datagen.support.Http.json(generator).get("id").asString());
    }

    static final String PREPARED = "prepared";

    /** The request the case makes, against {@code base} (http://host:port), for its folder {@code dir}. */
    HttpRequest request(String base, Path dir, Map<String, String> vars) throws IOException {
        Map<String, String> all = new java.util.HashMap<>(vars);
        all.put("case", dir.toString());
        String kind = p.getProperty("request");
        HttpRequest.Builder b;
        switch (kind) {
            case "register" -> {
                String boundary = "----hostile" + UUID.randomUUID();
                b = builder(base, p.getProperty("path", "/api/datasets"), all)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(multipart(boundary, dir, all));
            }
            case "json" -> b = builder(base, p.getProperty("path"), all).header("Content-Type", "application/json")
                    .POST(body(p.getProperty("body"), dir, all));
            case "form" -> b = builder(base, p.getProperty("path"), all)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(body(p.getProperty("body", "text:"), dir, all));
            case "get" -> b = builder(base, p.getProperty("path"), all).GET();
            case "raw" -> {
                b = builder(base, p.getProperty("path"), all)
                        .method(p.getProperty("method", "POST"), body(p.getProperty("body", "text:"), dir, all));
                if (p.getProperty("contentType") != null) {
                    b.header("Content-Type", p.getProperty("contentType"));
                }
            }
            default -> throw new IllegalStateException(name + ": unknown request kind '" + kind + "'");
        }
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("header.")) {
                String v = p.getProperty(key);
                b.header(key.substring(7), v.startsWith("textgen:") ? Generated.text(substitute(v.substring(8), all))
                        : substitute(v.replaceFirst("^text:", ""), all));
            }
        }
        return b.header("Accept", p.getProperty("accept", "application/json")).build();
    }

    private static HttpRequest.Builder builder(String base, String path, Map<String, String> vars) {
        return HttpRequest.newBuilder(URI.create(base + substitute(path, vars))).timeout(Duration.ofMinutes(2));
    }

    private HttpRequest.BodyPublisher multipart(String boundary, Path dir, Map<String, String> vars) throws IOException {
        List<String> names = new ArrayList<>();
        for (String n : p.getProperty("parts", "").split(",")) {
            if (!n.isBlank()) {
                names.add(n.strip());
            }
        }
        Map<String, String> values = new java.util.LinkedHashMap<>();
        if (!names.contains("name")) {
            values.put("name", "text:hostile");
        }
        if (!names.contains("baseDir")) {
            values.put("baseDir", "text:${case}");
        }
        for (String n : names) {
            String v = p.getProperty("part." + n);
            if (v == null) {
                throw new IllegalStateException(name + ": parts lists '" + n + "' but part." + n + " is missing");
            }
            values.put(n, v);
        }
        List<HttpRequest.BodyPublisher> pieces = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String v = e.getValue();
            String prefix = "--" + boundary + "\r\n";
            if (v.startsWith("text:") || v.startsWith("textgen:")) {
                String text = v.startsWith("text:") ? substitute(v.substring(5), vars)
                        : Generated.text(substitute(v.substring(8), vars));
                pieces.add(bytes(prefix + "Content-Disposition: form-data; name=\"" + e.getKey() + "\"\r\n\r\n"));
                pieces.add(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
            } else {
                Path file = file(v, dir, vars, e.getKey());
                pieces.add(bytes(prefix + "Content-Disposition: form-data; name=\"" + e.getKey() + "\"; filename=\""
                        + file.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
                pieces.add(HttpRequest.BodyPublishers.ofFile(file));
            }
            pieces.add(bytes("\r\n"));
        }
        pieces.add(bytes("--" + boundary + "--\r\n"));
        return HttpRequest.BodyPublishers.concat(pieces.toArray(HttpRequest.BodyPublisher[]::new));
    }

    private HttpRequest.BodyPublisher body(String v, Path dir, Map<String, String> vars) throws IOException {
        if (v == null) {
            throw new IllegalStateException(name + ": no body");
        }
        if (v.startsWith("text:")) {
            return HttpRequest.BodyPublishers.ofString(substitute(v.substring(5), vars), StandardCharsets.UTF_8);
        }
        if (v.startsWith("chunked:")) {
            // no Content-Length: the body arrives in chunks, and only its reader can tell how long it is
            Path f = file(v.substring(8), dir, vars, "body");
            return HttpRequest.BodyPublishers.ofInputStream(() -> {
                try {
                    return Files.newInputStream(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return HttpRequest.BodyPublishers.ofFile(file(v, dir, vars, "body"));
    }

    /** A file part's content: a file of the case folder, or generated into it. */
    private Path file(String v, Path dir, Map<String, String> vars, String partName) {
        if (v.startsWith("file:")) {
            return dir.resolve(v.substring(5));
        }
        if (v.startsWith("gen:")) {
            return Generated.write(substitute(v.substring(4), vars), dir.resolve(partName + ".generated"));
        }
        if (v.startsWith("filetext:")) {
            try {
                return Files.writeString(dir.resolve(java.util.UUID.randomUUID() + ".filetext"),
                        substitute(v.substring(9), vars));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException(name + ": a part or body is text:, textgen:, file:, filetext: or gen:, got '"
                + v + "'");
    }

    private static HttpRequest.BodyPublisher bytes(String s) {
        return HttpRequest.BodyPublishers.ofByteArray(s.getBytes(StandardCharsets.UTF_8));
    }

    static String substitute(String s, Map<String, String> vars) {
        String out = s;
        for (Map.Entry<String, String> v : vars.entrySet()) {
            out = out.replace("${" + v.getKey() + "}", v.getValue());
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
