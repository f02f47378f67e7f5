package dev.datagen.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

import dev.datagen.support.ChildServer;
import dev.datagen.support.Closer;
import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.Nginx;
import dev.datagen.support.Nginx.Request;
import dev.datagen.support.Postgres;
import dev.datagen.support.S3Proxy;
import dev.datagen.support.Prometheus;
import dev.datagen.support.PythonProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deployment of docs/scaling-out.md on one machine, from the parts .ci/run installs: PostgreSQL, two
 * replicas (separate JVMs sharing a fresh schema and one s3proxy bucket holding the images, each with its own
 * storage folder) and
 * nginx in front of them with the shipped {@code docs/nginx/datagen.conf}. A data-parallel trainer of two
 * ranks using the Python client ({@code src/test/resources/replica/sharded_trainer.py}) reads two epochs
 * of a 2-shard generator of 6,000 real MNIST digits through nginx, and the replica serving shard 0 is
 * SIGKILLed in the middle of the first epoch, as a power cut would stop it.
 *
 * <p>Both epochs complete with no error reaching the training loop; every batch is byte-identical to the
 * same batch read from the surviving replica directly; before the kill every batch of one shard went to one
 * replica (nginx's access log), while other reads went to both; through the load balancer the prefetch hit
 * ratio is at least 90%, from the replicas' Prometheus counters (the killed replica's read just before the
 * kill, the survivor's after the run: that one pays for the failover's cold start).
 *
 * <p>Every process started here (the replicas, nginx, the Python scripts) is stopped after the test, passed or
 * failed; the work folder under {@code target/} is deleted when it passed and kept, with every log, when not.
 */
class LoadBalancerFailoverTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path TRAINER = Path.of("src", "test", "resources", "replica", "sharded_trainer.py");
    private static final Duration LONG = Duration.ofMinutes(4);
    /** 3,000 digits per shard in batches of 64. */
    private static final int BATCHES_PER_SHARD = 47;
    /** The step of the first epoch after which the replica is killed: at 0.08 s a step, the rest takes 2.8 s. */
    private static final int KILL_AFTER_STEP = 12;
    /** C1 only: two replicas starting at once on two busy cores start in 14 s instead of 27 s (measured). */
    private static final List<String> JVM = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1");
    private static final String BUCKET = "load-balancer-test";
    private static final String HITS = "datagen_prefetch_hits_total";
    private static final String MISSES = "datagen_prefetch_misses_total";

    /** What the test started: closed after it, and at its end before the work folder goes. */
    private final Closer opened = new Closer();

    @Test
    void aTrainerReadsTwoEpochsThroughNginxWhileAReplicaIsKilled() throws Exception {
        long started = System.nanoTime();
        Path mnist = Fixtures.mnist(6000, 1000);
        // The images live in a bucket of a real S3 server (s3proxy), as the replicas of a cluster share them; the
        // list files stay on the trainer's side, as a trainer uploads them.
        S3Proxy s3 = S3Proxy.shared();
        s3.upload(BUCKET, "mnist/train/", mnist.resolve("train"));
        List<String> dataRoots = List.of("s3://" + BUCKET + "/mnist");
        String baseDir = "s3://" + BUCKET + "/mnist/";
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "load-balancer");
        Postgres db = opened.register(Postgres.freshSchema());
        List<ChildServer> replicas = startReplicas(db, dataRoots, work);
        ChildServer a = replicas.get(0);
        ChildServer b = replicas.get(1);
        Nginx lb = opened.register(Nginx.start(Nginx.SHIPPED, work.resolve("nginx"), List.of(port(a), port(b))));
        long ready = System.nanoTime();

        // Reads other than batches go to any replica.
        for (int i = 0; i < 4; i++) {
            assertThat(lb.http().get("/api/datasets", "application/json").statusCode()).isEqualTo(200);
        }
        assertThat(lb.requests().stream().map(Request::replica).distinct())
                .containsExactlyInAnyOrder(address(a), address(b));
        // A replica's first scrape loads classes: let it not be the one between the trainer's step and the kill.
        Prometheus.scrape(a.http());
        Prometheus.scrape(b.http());

        Path throughOut = work.resolve("through-nginx.json");
        PythonProcess trainer = opened.register(PythonProcess.start(TRAINER, work.resolve("trainer.stderr"),
                List.of(lb.http().base(), mnist.toString(), throughOut.toString(), "--base-dir", baseDir,
                        "--step-seconds", "0.08")));
        String generator = trainer.await(l -> l.startsWith("generator "), LONG).substring("generator ".length());
        trainer.await(l -> l.equals("step 0 " + KILL_AFTER_STEP), LONG);

        // The kill: the replica serving shard 0, whose Prometheus counters are read just before.
        List<Request> beforeKill = lb.requests();
        String victimAddress = beforeKill.stream().filter(r -> r.key().equals(generator + ":0"))
                .map(Request::replica).findFirst().orElseThrow();
        ChildServer victim = victimAddress.equals(address(a)) ? a : b;
        ChildServer survivor = victim == a ? b : a;
        Prometheus victimMeters = Prometheus.scrape(victim.http());
        victim.kill();
        long killedAt = System.currentTimeMillis(); // the victim is dead and reaped by now
        String atKill = trainer.last(l -> l.startsWith("step "));
        long killed = System.nanoTime();

        trainer.finish(LONG);
        long trained = System.nanoTime();
        Prometheus survivorMeters = Prometheus.scrape(survivor.http());
        JsonNode through = JSON.readTree(throughOut.toFile());

        // Mid-epoch: the first epoch had not ended when the replica died.
        assertThat(atKill).as("the trainer's last step when the replica was killed").startsWith("step 0 ");
        assertThat(Integer.parseInt(atKill.split(" ")[2])).isLessThan(BATCHES_PER_SHARD - 1);

        // No error reached the training loop (finish() checked its status), and both epochs are complete.
        JsonNode digests = through.get("digests");
        assertThat(digests.size()).isEqualTo(2 * 2 * BATCHES_PER_SHARD);
        assertThat(trainer.lines()).contains("done");
        List<Double> losses = trainer.lines().stream().filter(l -> l.startsWith("epoch "))
                .map(l -> Double.parseDouble(l.split(" ")[3])).toList();
        assertThat(losses).as("the training loss per epoch").hasSize(2);
        assertThat(losses.get(1)).as("the training loss per epoch").isLessThan(losses.get(0));

        // Every batch is the one the survivor serves directly, byte for byte.
        Path directOut = work.resolve("direct.json");
        opened.register(PythonProcess.start(TRAINER, work.resolve("direct.stderr"), List.of(survivor.http().base(),
                mnist.toString(), directOut.toString(), "--direct", generator))).finish(LONG);
        assertThat(JSON.readTree(directOut.toFile()).get("digests")).isEqualTo(digests);

        // Hashing: before the kill each shard's batches went to one replica. A shard moved at most once, to the
        // survivor, and stayed there. Every request that began after the kill was answered by the survivor (one
        // the victim was answering when it died is logged as its, and was resent by the client: counted below).
        List<Request> all = lb.requests();
        List<Request> batches = all.stream().filter(r -> r.key().startsWith(generator + ":")).toList();
        Map<String, Set<String>> before = new HashMap<>();
        beforeKill.stream().filter(r -> r.key().startsWith(generator + ":"))
                .forEach(r -> before.computeIfAbsent(r.key(), k -> new HashSet<>()).add(r.replica()));
        assertThat(before.keySet()).containsExactlyInAnyOrder(generator + ":0", generator + ":1");
        assertThat(before.values()).allSatisfy(r -> assertThat(r).hasSize(1));
        for (String key : before.keySet()) {
            List<String> runs = new ArrayList<>();
            batches.stream().filter(r -> r.key().equals(key)).map(Request::replica)
                    .filter(r -> runs.isEmpty() || !runs.get(runs.size() - 1).equals(r)).forEach(runs::add);
            assertThat(runs).as("the replicas of shard " + key + ", in the order they answered")
                    .isIn(List.of(address(survivor)), List.of(address(victim), address(survivor)));
        }
        assertThat(all.stream().filter(r -> r.startMillis() > killedAt)).as("the requests begun after the kill")
                .isNotEmpty().allSatisfy(r -> assertThat(r.replica()).as(r.uri()).isEqualTo(address(survivor)));
        assertThat(batches).allSatisfy(r -> assertThat(r.status()).as(r.uri()).isEqualTo(200));
        List<Long> failedOver = batches.stream().filter(r -> r.upstreams().size() > 1)
                .map(r -> r.endMillis() - r.startMillis()).toList();
        long resent = batches.size() - batches.stream().map(Request::uri).distinct().count();
        assertThat(through.get("retries").asInt()).as("the client's retries").isEqualTo((int) resent);
        long failoverMillis = batches.stream().filter(r -> r.key().equals(generator + ":0"))
                .filter(r -> r.replica().equals(address(survivor))).mapToLong(Request::endMillis).min()
                .orElseThrow() - killedAt;

        // Each batch the survivor answered counted once in its prefetch meters, hit or miss.
        long servedBySurvivor = batches.stream().filter(r -> r.replica().equals(address(survivor))).count();
        double survivorHits = survivorMeters.value(HITS);
        double survivorMisses = survivorMeters.value(MISSES);
        assertThat(survivorHits + survivorMisses).isEqualTo(servedBySurvivor);
        double hits = survivorHits + victimMeters.value(HITS);
        double misses = survivorMisses + victimMeters.value(MISSES);
        assertThat(survivorHits / (survivorHits + survivorMisses)).as("the survivor's prefetch hit ratio")
                .isGreaterThanOrEqualTo(0.9);
        assertThat(hits / (hits + misses)).as("the prefetch hit ratio of both replicas").isGreaterThanOrEqualTo(0.9);

        // The dashboard's own pages pass the cross-site check through nginx (Host and X-Forwarded-*).
        String created = "/api/datasets/" + through.get("dataset").asString() + "/generators";
        String settings = "{\"split\": \"train\", \"batchSize\": 10}";
        HttpResponse<byte[]> ownPage = lb.http().postJson(created, settings, "Origin", "http://127.0.0.1:" + lb.port());
        assertThat(ownPage.statusCode()).as(Http.text(ownPage)).isEqualTo(201);
        HttpResponse<byte[]> otherSite = lb.http().postJson(created, settings, "Origin", "http://elsewhere.example");
        assertThat(otherSite.statusCode()).as(Http.text(otherSite)).isEqualTo(403);

        System.out.printf("load balancer: shard 0 on %s, shard 1 on %s; killed %s after step %d (%s at the kill);"
                + " shard 0 answered by the survivor %d ms after the kill; %d batch requests, %d failed over by"
                + " nginx (taking %s ms), %d resent by the client; prefetch hit ratio %.3f (survivor %.3f: %d hits,"
                + " %d misses; killed replica %d hits, %d misses before the kill); replicas up in %.1f s, training %.1f s"
                + " (%.1f s after the kill), whole test %.1f s%n",
                before.get(generator + ":0"), before.get(generator + ":1"), victimAddress, KILL_AFTER_STEP, atKill,
                failoverMillis, batches.size(), failedOver.size(), failedOver, resent, hits / (hits + misses),
                survivorHits / (survivorHits + survivorMisses), (long) survivorHits, (long) survivorMisses,
                (long) victimMeters.value(HITS), (long) victimMeters.value(MISSES), seconds(started, ready),
                seconds(ready, trained), seconds(killed, trained), seconds(started, System.nanoTime()));
        System.out.println("trainer:\n" + String.join("\n", trainer.lines().stream()
                .filter(l -> !l.startsWith("step ")).toList()) + "\nnginx error log:\n" + lb.errorLog());

        // With no replica left, nginx answers with a problem of its own.
        survivor.close();
        HttpResponse<byte[]> none = lb.http().get("/api/datasets", "application/json");
        assertThat(none.statusCode()).isEqualTo(502);
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Http.json(none).get("status").asInt()).isEqualTo(502);

        opened.close();
        FileSystemUtils.deleteRecursively(work);
    }

    @AfterEach
    void stopEverything() throws Exception {
        opened.close();
    }

    /** Both replicas, started at once (Flyway's lock lets one of them migrate the fresh schema). */
    private List<ChildServer> startReplicas(Postgres db, List<String> dataRoots, Path work) {
        List<CompletableFuture<ChildServer>> starting = new ArrayList<>();
        List<String> jvm = new ArrayList<>(JVM);
        jvm.addAll(S3Proxy.credentialOptions());
        for (String name : List.of("replica-a", "replica-b")) {
            List<String> properties = new ArrayList<>(List.of(db.properties()));
            properties.addAll(List.of(S3Proxy.shared().properties()));
            properties.add("server.forward-headers-strategy=native");
            starting.add(CompletableFuture.supplyAsync(() -> opened.register(ChildServer.startOn(work.resolve(name),
                    dataRoots, jvm, properties.toArray(String[]::new)))));
        }
        // Both have ended (one may have failed) before this returns or throws: each started one is closed after.
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
        return starting.stream().map(CompletableFuture::join).toList();
    }

    private static int port(ChildServer replica) {
        return URI.create(replica.http().base()).getPort();
    }

    private static String address(ChildServer replica) {
        return "127.0.0.1:" + port(replica);
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }
}
