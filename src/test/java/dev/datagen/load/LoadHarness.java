package dev.datagen.load;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.datagen.support.ChildServer;
import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.Proc;
import tools.jackson.databind.JsonNode;

/**
 * A bounded load test of the real service, loopback only, run by hand (not by {@code ./mvnw verify}):
 *
 * <pre>
 * ./mvnw -q -o test-compile exec:java -Dexec.mainClass=dev.datagen.load.LoadHarness \
 *     -Dexec.classpathScope=test -Dexec.args="--train 6000 --test 1000 --trainers 16 --batches 200"
 * </pre>
 *
 * It starts the service in a child JVM with a fixed heap on real MNIST digits (and, with {@code --photos DIR},
 * on the output of {@code fixtures/photos.py}), creates generators of every kind (uint8 and float32,
 * augmented and not, sharded and not, NHWC and NCHW), and runs {@code --rounds} rounds in which
 * {@code --trainers} threads, each with its own HTTP client and connection, read {@code --batches} batches
 * each from different generators, epochs and shards, as npz or ND4J. It then fetches every batch again
 * alone and compares SHA-256 digests, and watches the service's threads, file handles, resident memory and
 * heap after a GC before, during and after each round.
 *
 * <p>It prints a table, writes it to {@code target/load-report.md}, and fails (non-zero exit) on any error,
 * any batch whose bytes differ, or threads, handles or heap that keep growing.
 */
public final class LoadHarness {

    /** Generator settings on the MNIST train/test splits: every dtype, augmentation, layout and sharding. */
    static final List<String> MNIST_GENERATORS = List.of(
            "{\"split\": \"train\", \"batchSize\": 64, \"seed\": 1}",
            "{\"split\": \"train\", \"batchSize\": 128, \"seed\": 2, \"dtype\": \"uint8\", "
                    + "\"augment\": {\"rotationRange\": 15, \"zoomRange\": 0.1}}",
            "{\"split\": \"train\", \"batchSize\": 32, \"seed\": 3, \"rescale\": 0.00392156862745098, \"layout\": \"NCHW\", "
                    + "\"augment\": {\"horizontalFlip\": true, \"widthShiftRange\": 0.1, \"heightShiftRange\": 0.1}}",
            "{\"split\": \"train\", \"batchSize\": 64, \"seed\": 4, \"dtype\": \"uint8\", \"numShards\": 4}",
            "{\"split\": \"train\", \"batchSize\": 100, \"seed\": 5, \"numShards\": 2, "
                    + "\"augment\": {\"brightnessRange\": [0.8, 1.2]}}",
            "{\"split\": \"test\", \"batchSize\": 50, \"seed\": 6, \"dtype\": \"uint8\", \"shuffle\": false}",
            "{\"split\": \"train\", \"batchSize\": 256, \"seed\": 7, \"dropLast\": true, \"augment\": {\"rotationRange\": 30}}",
            "{\"split\": \"test\", \"batchSize\": 20, \"seed\": 8, \"numShards\": 3, \"augment\": {\"verticalFlip\": true}}");

    static final List<String> PHOTO_GENERATORS = List.of(
            "{\"split\": \"train\", \"batchSize\": 16, \"seed\": 11, \"dtype\": \"uint8\", "
                    + "\"augment\": {\"horizontalFlip\": true, \"zoomRange\": 0.2}}",
            "{\"split\": \"train\", \"batchSize\": 8, \"seed\": 12, \"rescale\": 0.00392156862745098, \"layout\": \"NCHW\"}");

    static final String NPZ = "application/x-npz";
    static final String ND4J = "application/x-nd4j";

    /** What one trainer reads: a generator, a first epoch, a shard, a format. */
    record Plan(int trainer, Generator generator, long firstEpoch, int shard, String format) {
    }

    record Generator(String id, String dataset, String settings, int numShards, long[] batchesPerShard) {
    }

    /** One batch request: its coordinates, and what happened. */
    record Fetch(String generator, long epoch, int shard, long index, String format) {
        String path() {
            return "/api/generators/" + generator + "/epochs/" + epoch + "/batches/" + index
                    + (shard >= 0 ? "?shard=" + shard : "");
        }
    }

    record Result(Fetch fetch, int status, long nanos, long bytes, String sha256, String error) {
    }

    /** Threads, open files, memory of the service at one moment. */
    record Sample(int threads, int fds, long rssKb, long rssAnonKb, long hwmKb, long heapAfterGcKb) {
    }

    private final Map<String, String> options;
    private final List<String> failures = new ArrayList<>();
    private final List<String> report = new ArrayList<>();

    LoadHarness(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("train", "6000", "test", "1000", "trainers", "16",
                "batches", "200", "rounds", "2", "xmx", "1g", "warmup", "5", "timeout-minutes", "60",
                "out", "target/load-report.md"));
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --train N --test N --trainers N --batches N --rounds N "
                        + "--xmx SIZE --warmup N --photos DIR --timeout-minutes N --out FILE; got " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        List<String> failures = new LoadHarness(options).run();
        if (!failures.isEmpty()) {
            throw new IllegalStateException("load test failed: " + String.join("; ", failures));
        }
    }

    private int opt(String name) {
        return Integer.parseInt(options.get(name));
    }

    List<String> run() throws Exception {
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
        Instant started = Instant.now();
        Path mnist = Fixtures.mnist(opt("train"), opt("test"));
        Path photos = options.containsKey("photos") ? Path.of(options.get("photos")).toAbsolutePath().normalize() : null;
        Path work = Files.createDirectories(Path.of("target", "load").toAbsolutePath());
        Path storage = Files.createTempDirectory(work, "storage");
        List<Path> roots = new ArrayList<>(List.of(Fixtures.root()));
        if (photos != null) {
            roots.add(photos);
        }
        ensureChildClasspath();
        log("starting the service (-Xmx" + options.get("xmx") + ") on " + storage);
        try (ChildServer server = ChildServer.start(storage, roots, List.of("-Xmx" + options.get("xmx"),
                "-XX:+UseG1GC"), "datagen.image.threads=0")) {
            long pid = server.pid();
            Thread watchdog = watchdog(pid);
            Http http = server.http();
            long t0 = System.nanoTime();
            register(http, "mnist", mnist, true);
            if (photos != null) {
                register(http, "photos", photos, false);
            }
            log(String.format("registered in %.1f s", (System.nanoTime() - t0) / 1e9));
            List<Generator> generators = new ArrayList<>();
            for (String g : MNIST_GENERATORS) {
                generators.add(create(http, "mnist", g));
            }
            if (photos != null) {
                for (String g : PHOTO_GENERATORS) {
                    generators.add(create(http, "photos", g));
                }
            }
            List<Plan> plans = plans(generators, opt("trainers"));
            List<HttpClient> clients = new ArrayList<>();
            for (int t = 0; t < plans.size(); t++) {
                clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10)).build());
            }
            Monitor monitor = new Monitor(pid);

            log("warm-up: " + plans.size() + " trainers x " + opt("warmup") + " batches");
            List<Result> warm = round(http.base(), plans, clients, opt("warmup"), 1_000_000);
            check("warm-up", warm);
            Sample before = settle(pid);
            List<Map<Fetch, String>> digests = new ArrayList<>();
            List<List<Result>> rounds = new ArrayList<>();
            List<Sample> during = new ArrayList<>();
            List<Sample> after = new ArrayList<>();
            List<Double> seconds = new ArrayList<>();
            for (int r = 0; r < opt("rounds"); r++) {
                log("round " + (r + 1) + ": " + plans.size() + " trainers x " + opt("batches") + " batches");
                monitor.start();
                long start = System.nanoTime();
                List<Result> results = round(http.base(), plans, clients, opt("batches"), 0);
                seconds.add((System.nanoTime() - start) / 1e9);
                during.add(monitor.stop());
                after.add(settle(pid));
                check("round " + (r + 1), results);
                rounds.add(results);
                Map<Fetch, String> d = new LinkedHashMap<>();
                results.forEach(x -> d.put(x.fetch(), x.sha256()));
                digests.add(d);
            }
            if (digests.size() > 1 && !digests.get(0).equals(digests.get(digests.size() - 1))) {
                failures.add("the last round's batches differ from the first round's");
            }
            log("fetching every batch again, alone");
            long mismatched = refetchAlone(http.base(), digests.get(0));
            if (mismatched > 0) {
                failures.add(mismatched + " batches differ when fetched alone");
            }
            checkGrowth(before, after);
            String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
            writeReport(started, loadBefore, loadAfter, generators, plans, rounds, seconds, before, during, after,
                    digests.get(0).size(), mismatched);
            watchdog.interrupt();
        }
        return failures;
    }

    // ---- setup

    private static void register(Http http, String name, Path dir, boolean withTest) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("baseDir", dir.toString());
        form.put("train-data", dir.resolve("train-data.txt"));
        form.put("train-label", dir.resolve("train-label.txt"));
        if (withTest) {
            form.put("test-data", dir.resolve("test-data.txt"));
            form.put("test-label", dir.resolve("test-label.txt"));
        }
        if (name.equals("photos")) {
            form.put("spec", "{\"inputs\": {\"image\": {\"size\": [224, 224], \"color\": \"rgb\"}}}");
        }
        HttpResponse<byte[]> r = http.multipart("/api/datasets", form);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("registering " + name + ": " + r.statusCode() + " " + Http.text(r));
        }
    }

    private static Generator create(Http http, String dataset, String settings) {
        HttpResponse<byte[]> r = http.postJson("/api/datasets/" + dataset + "/generators", settings);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating " + settings + ": " + r.statusCode() + " " + Http.text(r));
        }
        JsonNode g = Http.json(r);
        int shards = g.get("shards").size();
        long[] batches = new long[shards];
        for (int k = 0; k < shards; k++) {
            batches[k] = g.get("shards").get(k).get("batches").asLong();
        }
        return new Generator(g.get("id").asString(), dataset, settings, shards, batches);
    }

    /**
     * Trainer t reads generator t mod G, from epoch 100 + 1000 (t / G) (trainers sharing a generator read
     * other epochs), its shard (t / G) mod numShards, as npz or ND4J alternately.
     */
    static List<Plan> plans(List<Generator> generators, int trainers) {
        List<Plan> plans = new ArrayList<>();
        int g = generators.size();
        for (int t = 0; t < trainers; t++) {
            Generator gen = generators.get(t % g);
            int turn = t / g;
            plans.add(new Plan(t, gen, 100 + turn * 1000L, gen.numShards() > 1 ? turn % gen.numShards() : -1,
                    (t + turn) % 2 == 0 ? NPZ : ND4J));
        }
        return plans;
    }

    static Fetch fetch(Plan p, long i) {
        int shard = Math.max(p.shard(), 0);
        long perEpoch = p.generator().batchesPerShard()[shard];
        return new Fetch(p.generator().id(), p.firstEpoch() + i / perEpoch, p.shard(), i % perEpoch, p.format());
    }

    // ---- load

    /** Every trainer reads {@code batches} batches concurrently; {@code epochOffset} keeps warm-up apart. */
    private static List<Result> round(String base, List<Plan> plans, List<HttpClient> clients, int batches,
            long epochOffset) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(plans.size());
        try {
            List<Future<List<Result>>> futures = new ArrayList<>();
            for (Plan p : plans) {
                Plan shifted = new Plan(p.trainer(), p.generator(), p.firstEpoch() + epochOffset, p.shard(), p.format());
                HttpClient client = clients.get(p.trainer());
                futures.add(pool.submit(() -> {
                    List<Result> out = new ArrayList<>(batches);
                    for (long i = 0; i < batches; i++) {
                        out.add(get(client, base, fetch(shifted, i)));
                    }
                    return out;
                }));
            }
            List<Result> all = new ArrayList<>();
            for (Future<List<Result>> f : futures) {
                try {
                    all.addAll(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a trainer died", e.getCause());
                }
            }
            return all;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private static Result get(HttpClient client, String base, Fetch f) {
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(base + f.path()))
                    .header("Accept", f.format()).timeout(Duration.ofMinutes(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            long nanos = System.nanoTime() - start;
            String type = r.headers().firstValue("Content-Type").orElse("");
            String error = r.statusCode() != 200 ? "HTTP " + r.statusCode() + ": " + new String(r.body(), 0,
                    Math.min(300, r.body().length)) : !type.startsWith(f.format()) ? "Content-Type " + type : null;
            return new Result(f, r.statusCode(), nanos, r.body().length, sha256(r.body()), error);
        } catch (IOException e) {
            return new Result(f, -1, System.nanoTime() - start, 0, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(f, -1, System.nanoTime() - start, 0, "", "interrupted");
        }
    }

    private void check(String phase, List<Result> results) {
        List<Result> errors = results.stream().filter(r -> r.error() != null).toList();
        if (!errors.isEmpty()) {
            failures.add(phase + ": " + errors.size() + " of " + results.size() + " requests failed, first: "
                    + errors.get(0).fetch().path() + " -> " + errors.get(0).error());
        }
        log(phase + ": " + results.size() + " batches, " + errors.size() + " errors");
    }

    /** Fetches every batch again, one request at a time, and counts those whose digest differs. */
    private static long refetchAlone(String base, Map<Fetch, String> digests) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long mismatched = 0;
        for (Map.Entry<Fetch, String> e : digests.entrySet()) {
            Result r = get(client, base, e.getKey());
            if (r.error() != null || !r.sha256().equals(e.getValue())) {
                if (mismatched == 0) {
                    log("first mismatch: " + e.getKey().path() + " (" + e.getKey().format() + ") "
                            + (r.error() != null ? r.error() : "digest " + r.sha256() + " != " + e.getValue()));
                }
                mismatched++;
            }
        }
        return mismatched;
    }

    // ---- the service's resources

    /** Samples threads, handles and resident memory every 250 ms while a round runs, keeping the maxima. */
    private static final class Monitor {
        private final long pid;
        private final AtomicBoolean running = new AtomicBoolean();
        private Thread thread;
        private volatile int threads;
        private volatile int fds;
        private volatile long rss;
        private volatile long anon;

        Monitor(long pid) {
            this.pid = pid;
        }

        void start() {
            threads = 0;
            fds = 0;
            rss = 0;
            anon = 0;
            running.set(true);
            thread = new Thread(() -> {
                while (running.get()) {
                    threads = Math.max(threads, (int) status(pid, "Threads"));
                    fds = Math.max(fds, fds(pid));
                    rss = Math.max(rss, status(pid, "VmRSS"));
                    anon = Math.max(anon, status(pid, "RssAnon"));
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "load-monitor");
            thread.setDaemon(true);
            thread.start();
        }

        Sample stop() throws InterruptedException {
            running.set(false);
            thread.join();
            return new Sample(threads, fds, rss, anon, status(pid, "VmHWM"), -1);
        }
    }

    /** The service at rest: two seconds after the load, with the heap measured after a full GC. */
    private static Sample settle(long pid) throws IOException, InterruptedException {
        Thread.sleep(2000);
        jcmd(pid, "GC.run");
        long heap = heapUsedKb(jcmd(pid, "GC.heap_info"));
        return new Sample((int) status(pid, "Threads"), fds(pid), status(pid, "VmRSS"), status(pid, "RssAnon"),
                status(pid, "VmHWM"), heap);
    }

    static long heapUsedKb(String heapInfo) {
        var m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(heapInfo);
        if (!m.find()) {
            throw new IllegalStateException("no heap use in: " + heapInfo);
        }
        return Long.parseLong(m.group(1));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }

    static long status(long pid, String field) {
        return Proc.status(pid, field);
    }

    static int fds(long pid) {
        try (var s = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * After the last round, threads, handles and heap must be back within a small margin of where they were
     * before the first (after warm-up), and must not have grown from one round to the next.
     */
    private void checkGrowth(Sample before, List<Sample> after) {
        Sample last = after.get(after.size() - 1);
        Sample previous = after.size() > 1 ? after.get(after.size() - 2) : before;
        limit("threads", before.threads(), previous.threads(), last.threads(), 12, 6);
        limit("open file handles", before.fds(), previous.fds(), last.fds(), 24, 12);
        limit("heap after GC (KB)", before.heapAfterGcKb(), previous.heapAfterGcKb(), last.heapAfterGcKb(),
                96 * 1024, 48 * 1024);
    }

    private void limit(String what, long before, long previous, long last, long marginFromBefore, long marginPerRound) {
        if (last > before + marginFromBefore) {
            failures.add(what + " grew from " + before + " before the load to " + last + " after it (margin "
                    + marginFromBefore + ")");
        }
        if (last > previous + marginPerRound) {
            failures.add(what + " grew between rounds: " + previous + " -> " + last + " (margin " + marginPerRound + ")");
        }
    }

    // ---- report

    private void writeReport(Instant started, String loadBefore, String loadAfter, List<Generator> generators,
            List<Plan> plans, List<List<Result>> rounds, List<Double> seconds, Sample before, List<Sample> during,
            List<Sample> after, int distinct, long mismatched) throws IOException {
        report.add("# DataGen load test");
        report.add("");
        report.add("Taken " + started + " on " + Runtime.getRuntime().availableProcessors()
                + " cores SHARED with other builds (load average " + loadBefore.split(" ")[0] + " at the start, "
                + loadAfter.split(" ")[0] + " at the end), loopback only. The service ran in a child JVM with -Xmx"
                + options.get("xmx") + " on MNIST (" + options.get("train") + " train / " + options.get("test")
                + " test PNG digits)" + (options.containsKey("photos") ? " and the photos at " + options.get("photos") : "")
                + "; " + plans.size() + " trainers (a thread and an HTTP client each) read " + options.get("batches")
                + " batches each per round from " + generators.size() + " generators, after a warm-up of "
                + options.get("warmup") + " batches each.");
        report.add("");
        report.add("| trainer | dataset | generator settings | epochs from | shard | format |");
        report.add("|---|---|---|---|---|---|");
        for (Plan p : plans) {
            report.add("| " + p.trainer() + " | " + p.generator().dataset() + " | `" + p.generator().settings() + "` | "
                    + p.firstEpoch() + " | " + (p.shard() < 0 ? "-" : String.valueOf(p.shard())) + " | "
                    + (p.format().equals(NPZ) ? "npz" : "ND4J") + " |");
        }
        report.add("");
        StringBuilder head = new StringBuilder("| batches | ");
        StringBuilder sep = new StringBuilder("|---|");
        for (int r = 0; r < rounds.size(); r++) {
            head.append("round ").append(r + 1).append(" | ");
            sep.append("---|");
        }
        report.add(head.toString().strip());
        report.add(sep.toString());
        row("requests", rounds, seconds, (rs, s) -> String.valueOf(rs.size()));
        row("errors", rounds, seconds, (rs, s) -> String.valueOf(rs.stream().filter(r -> r.error() != null).count()));
        row("latency p50 (ms)", rounds, seconds, (rs, s) -> ms(percentile(rs, 0.50)));
        row("latency p99 (ms)", rounds, seconds, (rs, s) -> ms(percentile(rs, 0.99)));
        row("latency max (ms)", rounds, seconds, (rs, s) -> ms(percentile(rs, 1.0)));
        row("wall time (s)", rounds, seconds, (rs, s) -> String.format("%.1f", s));
        row("throughput (batches/s)", rounds, seconds, (rs, s) -> String.format("%.1f", rs.size() / s));
        row("throughput (MB/s)", rounds, seconds,
                (rs, s) -> String.format("%.1f", rs.stream().mapToLong(Result::bytes).sum() / 1e6 / s));
        report.add("");
        List<String> cols = new ArrayList<>(List.of("before (after warm-up)"));
        List<Sample> samples = new ArrayList<>(List.of(before));
        for (int r = 0; r < after.size(); r++) {
            cols.add("during round " + (r + 1) + " (max)");
            samples.add(during.get(r));
            cols.add("after round " + (r + 1));
            samples.add(after.get(r));
        }
        report.add("| service | " + String.join(" | ", cols) + " |");
        report.add("|---|" + "---|".repeat(cols.size()));
        report.add(resource("threads", samples, s -> String.valueOf(s.threads())));
        report.add(resource("open file handles", samples, s -> String.valueOf(s.fds())));
        report.add(resource("resident memory VmRSS (MB)", samples, s -> mb(s.rssKb())));
        report.add(resource("anonymous resident RssAnon (MB)", samples, s -> mb(s.rssAnonKb())));
        report.add(resource("peak resident VmHWM (MB)", samples, s -> mb(s.hwmKb())));
        report.add(resource("heap after GC (MB)", samples, s -> s.heapAfterGcKb() < 0 ? "" : mb(s.heapAfterGcKb())));
        report.add("");
        report.add("- " + distinct + " distinct batches fetched again alone afterwards: " + mismatched + " differ.");
        report.add("- Every round read the same batches; " + (failures.stream().anyMatch(f -> f.contains("round's batches"))
                ? "the rounds' bytes DIFFER." : "their SHA-256 digests are identical across rounds."));
        report.add("- Result: " + (failures.isEmpty() ? "PASS" : "FAIL: " + String.join("; ", failures)));
        String text = String.join("\n", report) + "\n";
        Path out = Path.of(options.get("out"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, text);
        System.out.println();
        System.out.println(text);
        log("report written to " + out.toAbsolutePath());
    }

    private void row(String name, List<List<Result>> rounds, List<Double> seconds,
            java.util.function.BiFunction<List<Result>, Double, String> f) {
        StringBuilder sb = new StringBuilder("| " + name + " | ");
        for (int r = 0; r < rounds.size(); r++) {
            sb.append(f.apply(rounds.get(r), seconds.get(r))).append(" | ");
        }
        report.add(sb.toString().strip());
    }

    private static String resource(String name, List<Sample> samples, java.util.function.Function<Sample, String> f) {
        StringBuilder sb = new StringBuilder("| " + name + " | ");
        samples.forEach(s -> sb.append(f.apply(s)).append(" | "));
        return sb.toString().strip();
    }

    static long percentile(List<Result> results, double q) {
        long[] nanos = results.stream().mapToLong(Result::nanos).sorted().toArray();
        if (nanos.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * nanos.length) - 1;
        return nanos[Math.max(0, Math.min(nanos.length - 1, i))];
    }

    private static String ms(long nanos) {
        return String.format("%.1f", nanos / 1e6);
    }

    private static String mb(long kb) {
        return String.valueOf(kb / 1024);
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@link ChildServer} starts the service with this JVM's {@code java.class.path}. Under {@code exec:java}
     * that is Maven's own launcher, and the project's classes come from a class loader: give the child that.
     */
    static void ensureChildClasspath() {
        String current = System.getProperty("java.class.path", "");
        if (current.contains("test-classes")) {
            return;
        }
        LinkedHashSet<String> entries = new LinkedHashSet<>();
        for (ClassLoader cl = LoadHarness.class.getClassLoader(); cl != null; cl = cl.getParent()) {
            if (cl instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (java.net.URISyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalStateException("cannot find the project's classpath; run with java -cp or exec:java");
        }
        System.setProperty("java.class.path", String.join(File.pathSeparator, entries));
    }

    private static final long T0 = System.nanoTime();

    private static void log(String s) {
        System.out.printf("[load %6.1f s] %s%n", (System.nanoTime() - T0) / 1e9, s);
    }

    /** Bounds the whole run: past the timeout the service is killed and this JVM halts with status 2. */
    private Thread watchdog(long pid) {
        long minutes = opt("timeout-minutes");
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(minutes));
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("load test: still running after " + minutes + " minutes; killing the service");
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            Runtime.getRuntime().halt(2);
        }, "load-watchdog");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
