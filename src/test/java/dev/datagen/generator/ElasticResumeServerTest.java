package dev.datagen.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.Python;
import dev.datagen.support.Served;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;

/**
 * A job that consumed the first positions of an epoch with 8 workers resumes with 5 and sees every
 * remaining sample of the epoch exactly once; bad resume parameters are 400s, not empty batches.
 */
class ElasticResumeServerTest {

    static TestServer server;
    static Served served;
    static String id;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(Files.createTempDirectory(Fixtures.root(), "resume"), List.of(Fixtures.root()));
        served = new Served(server.http());
        served.register("digits", Fixtures.mnist(300, 100), null, "train-data", "train-data.txt", "train-label",
                "train-label.txt");
        id = served.generator("digits", "{\"split\": \"train\", \"batchSize\": 4, \"seed\": 3, \"numShards\": 8, "
                + "\"dtype\": \"uint8\", \"augment\": {\"horizontalFlip\": true}}").get("id").asString();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static List<Integer> indices(long epoch, long index, String query) {
        HttpResponse<byte[]> r = served.http().get("/api/generators/" + id + "/epochs/" + epoch + "/batches/" + index
                + query, "application/json");
        assertThat(r.statusCode()).as(query + " " + Http.text(r)).isEqualTo(200);
        List<Integer> out = new ArrayList<>();
        Http.json(r).get("indices").forEach(n -> out.add(n.asInt()));
        return out;
    }

    /** The epoch's order: the whole epoch dealt to one shard. */
    static List<Integer> order(long epoch) {
        JsonNode d = served.http().getJson("/api/generators/" + id + "?numShards=1");
        List<Integer> order = new ArrayList<>();
        for (int b = 0; b < d.get("batchesPerEpoch").asInt(); b++) {
            order.addAll(indices(epoch, b, "?shard=0&numShards=1"));
        }
        return order;
    }

    @Test
    void eightWorkersThenFiveSeeEverySampleOfTheEpochExactlyOnce() {
        List<Integer> order = order(2);
        assertThat(order).hasSize(300).doesNotHaveDuplicates();
        // eight workers take three batches each: positions 0..95, dealt round-robin
        List<Integer> consumed = new ArrayList<>();
        for (int shard = 0; shard < 8; shard++) {
            for (int b = 0; b < 3; b++) {
                List<Integer> batch = indices(2, b, "?shard=" + shard);
                for (int j = 0; j < batch.size(); j++) {
                    assertThat(batch.get(j)).isEqualTo(order.get(shard + 8 * (4 * b + j)));
                }
                consumed.addAll(batch);
            }
        }
        assertThat(consumed).containsExactlyInAnyOrderElementsOf(order.subList(0, 96));
        // five workers resume from position 96
        JsonNode plan = served.http().getJson("/api/generators/" + id + "?numShards=5&from=96");
        assertThat(plan.get("from").asLong()).isEqualTo(96);
        assertThat(plan.get("shards")).hasSize(5);
        List<Integer> rest = new ArrayList<>();
        List<Integer> fewer = new ArrayList<>();
        long first = plan.at("/shards/0/batches").asLong();
        for (int shard = 0; shard < 5; shard++) {
            long batches = plan.at("/shards/" + shard + "/batches").asLong();
            if (batches < first) {
                fewer.add(shard);
            }
            for (int b = 0; b < batches; b++) {
                List<Integer> batch = indices(2, b, "?shard=" + shard + "&numShards=5&from=96");
                for (int j = 0; j < batch.size(); j++) {
                    assertThat(batch.get(j)).isEqualTo(order.get(96 + shard + 5 * (4 * b + j)));
                }
                rest.addAll(batch);
            }
            HttpResponse<byte[]> past = served.http().get("/api/generators/" + id + "/epochs/2/batches/" + batches
                    + "?shard=" + shard + "&numShards=5&from=96", "application/json");
            assertThat(past.statusCode()).isEqualTo(404);
        }
        assertThat(rest).hasSize(204).containsExactlyInAnyOrderElementsOf(order.subList(96, 300));
        List<Integer> reported = new ArrayList<>();
        plan.get("shardsWithOneBatchFewer").forEach(n -> reported.add(n.asInt()));
        assertThat(reported).isEqualTo(fewer);
    }

    @Test
    void aSampleHasTheSamePixelsWhicheverDealingServesIt() {
        // augmentation is drawn per (seed, epoch, sample), never per position or shard
        String out = Python.run(Python.PATH_PYTHON, Served.PYTHON + """
                gid, checked = sys.argv[2], 0
                pixels = {}
                for b in range(3):
                    q = "?numShards=1&from=6"
                    for i, s in zip(view(gid, 1, b, q)["indices"], npz(gid, 1, b, q)["image"]):
                        pixels[i] = s
                for shard in range(3):
                    q = "?shard=%d&numShards=3&from=6" % shard
                    for i, s in zip(view(gid, 1, 0, q)["indices"], npz(gid, 1, 0, q)["image"]):
                        assert (pixels[i] == s).all(), i
                        checked += 1
                print(checked)
                """, served.url(), id);
        assertThat(out).isEqualTo("12");
    }

    @Test
    void nearTheEpochsEndEveryWorkerMayAskAndTheShardsWithoutPositionsHaveNoBatch() {
        JsonNode plan = served.http().getJson("/api/generators/" + id + "?numShards=8&from=297");
        List<Long> batches = new ArrayList<>();
        plan.get("shards").forEach(s -> batches.add(s.get("batches").asLong()));
        assertThat(batches).containsExactly(1L, 1L, 1L, 0L, 0L, 0L, 0L, 0L);
        assertThat(plan.get("shardsWithOneBatchFewer").toString()).isEqualTo("[3,4,5,6,7]");
        List<Integer> last = new ArrayList<>();
        for (int shard = 0; shard < 3; shard++) {
            last.addAll(indices(2, 0, "?shard=" + shard + "&numShards=8&from=297"));
        }
        assertThat(last).isEqualTo(order(2).subList(297, 300));
        assertThat(served.http().get("/api/generators/" + id + "/epochs/2/batches/0?shard=3&numShards=8&from=297",
                "application/json").statusCode()).isEqualTo(404);
        // from the end itself: the epoch is consumed, every shard is empty
        JsonNode done = served.http().getJson("/api/generators/" + id + "?numShards=5&from=300");
        assertThat(done.get("from").asLong()).isEqualTo(300);
        assertThat(done.get("batchesPerEpoch").asLong()).isZero();
        assertThat(done.get("lastBatchSize").asInt()).isZero();
    }

    @Test
    void badResumeParametersAre400sNamingTheParameter() {
        String batch = "/api/generators/" + id + "/epochs/0/batches/0";
        String[][] cases = {
            {"?shard=0&from=-1", "from"}, {"?shard=0&from=301", "from"}, {"?shard=0&from=x", "from"},
            {"?shard=0&from=1e3", "from"}, {"?shard=0&numShards=0", "numShards"}, {"?shard=0&numShards=5000", "numShards"},
            {"?shard=0&numShards=two", "numShards"}, {"?shard=5&numShards=5", "shard"}, {"?shard=-1", "shard"},
            {"?numShards=3", "shard"}, {"", "shard"},
        };
        for (String[] c : cases) {
            HttpResponse<byte[]> r = served.http().get(batch + c[0], "application/x-npz");
            assertThat(r.statusCode()).as(c[0] + " " + Http.text(r)).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(Http.json(r).path("parameter").asString()).as(c[0] + " " + Http.text(r)).isEqualTo(c[1]);
        }
        HttpResponse<byte[]> described = served.http().get("/api/generators/" + id + "?numShards=0", "application/json");
        assertThat(described.statusCode()).isEqualTo(400);
        assertThat(Http.json(described).path("parameter").asString()).isEqualTo("numShards");
    }
}
