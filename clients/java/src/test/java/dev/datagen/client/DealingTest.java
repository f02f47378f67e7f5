package dev.datagen.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The queries of a dealing, against a scripted server that deals 600 positions as the service does. */
class DealingTest {

    private HttpServer server;
    private DataGenClient client;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(exchange.getRequestURI().getPath() + (query == null ? "" : "?" + query));
            byte[] body = answer(exchange.getRequestURI().getPath(), query).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        client = DataGenClient.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort())).build();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Descriptions of ?numShards=K&from=p, and JSON views whose indices are the positions themselves. */
    private static String answer(String path, String query) {
        int k = param(query, "numShards", 8);
        int from = param(query, "from", 0);
        if (path.contains("/batches/")) {
            int shard = param(query, "shard", 0);
            int index = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            String indices = IntStream.range(0, 16).map(i -> from + shard + (index * 16 + i) * k).filter(p -> p < 600)
                    .mapToObj(Integer::toString).collect(Collectors.joining(","));
            return "{\"indices\": [" + indices + "]}";
        }
        String shards = IntStream.range(0, k).mapToObj(s -> {
            int n = (600 - from) / k + (s < (600 - from) % k ? 1 : 0);
            return "{\"shard\": " + s + ", \"samples\": " + n + ", \"batches\": " + (n + 15) / 16 + "}";
        }).collect(Collectors.joining(","));
        return "{\"id\": \"g1\", \"samplesPerEpoch\": 600, \"shards\": [" + shards + "]}";
    }

    private static int param(String query, String name, int otherwise) {
        for (String p : query == null ? new String[0] : query.split("&")) {
            if (p.startsWith(name + "=")) {
                return Integer.parseInt(p.substring(name.length() + 1));
            }
        }
        return otherwise;
    }

    @Test
    void theGeneratorsOwnDealingAsksNothingAndSendsTheShardAlone() {
        Dealing own = Dealing.of(client, IteratorStateTest.generator(600, 16, 8), 8, 0);
        assertEquals(List.of(), requests);
        own.summary(client, "g1", 3, 2, 1);
        assertEquals(List.of("/api/generators/g1/epochs/3/batches/1?shard=2"), requests);
        Dealing.of(client, IteratorStateTest.generator(600, 16, 1), 1, 0).summary(client, "g1", 0, 0, 0);
        assertEquals("/api/generators/g1/epochs/0/batches/0", requests.get(1));
    }

    @Test
    void anotherDealingIsDescribedByTheServiceAndSentWithEachBatch() {
        Dealing d = Dealing.of(client, IteratorStateTest.generator(600, 16, 8), 5, 384);
        assertEquals(List.of("/api/generators/g1?numShards=5&from=384"), requests);
        assertEquals(3, d.batches(4));
        BatchSummary s = d.summary(client, "g1", 0, 1, 2);
        assertEquals("/api/generators/g1/epochs/0/batches/2?shard=1&numShards=5&from=384", requests.get(1));
        assertEquals(384 + 1 + 32 * 5, s.indices()[0]);
        Dealing.of(client, IteratorStateTest.generator(600, 16, 8), 5, 0);
        assertEquals("/api/generators/g1?numShards=5", requests.get(2));
    }

    @Test
    void fewerPositionsLeftThanShardsLeaveTheLastShardsEmpty() {
        Dealing d = Dealing.of(client, IteratorStateTest.generator(600, 16, 8), 5, 597);
        assertEquals(List.of("/api/generators/g1?numShards=5&from=597"), requests);
        assertEquals(List.of(1L, 1L, 1L, 0L, 0L), IntStream.range(0, 5).mapToObj(d::batches).toList());
        assertEquals(599, d.summary(client, "g1", 0, 2, 0).indices()[0]);
        assertEquals("/api/generators/g1/epochs/0/batches/0?shard=2&numShards=5&from=597", requests.get(1));
        Dealing end = Dealing.of(client, IteratorStateTest.generator(600, 16, 8), 5, 600);
        assertEquals(0, end.batches(0));
        assertEquals("/api/generators/g1?numShards=5&from=600", requests.get(2));
        assertThrows(IllegalArgumentException.class, () -> end.batches(5));
    }
}
