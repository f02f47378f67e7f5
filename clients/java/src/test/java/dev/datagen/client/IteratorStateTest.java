package dev.datagen.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;

/** The global position of lockstep workers, where another number of workers carries on, and the JSON of a state. */
class IteratorStateTest {

    /** A generator of {@code samples} positions in batches of {@code batchSize}, dealt to {@code numShards}. */
    static GeneratorInfo generator(int samples, int batchSize, int numShards) {
        List<GeneratorInfo.Shard> shards = IntStream.range(0, numShards).mapToObj(k -> {
            int n = samples / numShards + (k < samples % numShards ? 1 : 0);
            return new GeneratorInfo.Shard(k, n, (n + batchSize - 1) / batchSize);
        }).toList();
        GeneratorSettings settings = GeneratorSettings.of("train").batchSize(batchSize).numShards(numShards).dropLast(false);
        return new GeneratorInfo("g1", "mnist", settings, samples, shards.get(0).batches(), 0, shards, List.of(), 0,
                null, List.of(), null);
    }

    @Test
    void thePositionIsWhatEveryShardConsumedInLockstep() {
        GeneratorInfo g = generator(600, 16, 8);
        assertEquals(0, IteratorState.after(g, 0, 8, 0, 0, 8).position());
        assertEquals(256, IteratorState.after(g, 0, 8, 0, 2, 8).position());
        assertEquals(464, IteratorState.after(g, 0, 5, 384, 1, 5).position());
        // 7 shards of 86 (0 to 4) and 85 samples in batches of 5: 18 and 17 batches
        GeneratorInfo uneven = generator(600, 5, 7);
        assertEquals(595, IteratorState.after(uneven, 3, 7, 0, 17, 7).position());
        // all consumed: the next epoch from its start, dealt to the world
        assertEquals(new IteratorState("g1", 4, 0, 600, 5, 2, 0), IteratorState.after(uneven, 3, 7, 0, 18, 2));
        assertEquals(new IteratorState("g1", 1, 0, 600, 16, 8, 0), IteratorState.after(g, 0, 8, 0, 5, 8));
    }

    @Test
    void theSameWorldCarriesOnWithItsDealingAnotherDealsTheRestAnew() {
        IteratorState state = new IteratorState("g1", 3, 256, 600, 16, 8, 0);
        assertEquals(new IteratorState.Start(3, 0, 2), state.startFor(8));
        assertEquals(new IteratorState.Start(3, 256, 0), state.startFor(5));
        IteratorState resumed = new IteratorState("g1", 3, 464, 600, 16, 5, 384);
        assertEquals(new IteratorState.Start(3, 384, 1), resumed.startFor(5));
        assertEquals(new IteratorState.Start(3, 464, 0), resumed.startFor(8));
        assertEquals(new IteratorState.Start(4, 0, 0), new IteratorState("g1", 3, 600, 600, 16, 8, 0).startFor(5));
        assertEquals(new IteratorState.Start(3, 250, 0), new IteratorState("g1", 3, 250, 600, 16, 8, 0).startFor(8));
        assertThrows(IllegalArgumentException.class, () -> new IteratorState("g1", 0, 601, 600, 16, 8, 0));
    }

    @Test
    void theJsonHasThePythonClientsMembersAndRoundTrips() throws Exception {
        IteratorState state = new IteratorState("g1", 2, 256, 600, 16, 8, 0);
        Map<String, Object> json = Transport.JSON.readValue(state.toJson(), new TypeReference<Map<String, Object>>() {
        });
        assertEquals(Map.of("generator", "g1", "epoch", 2, "position", 256, "samplesPerEpoch", 600, "batchSize", 16,
                "numShards", 8, "from", 0), json);
        assertEquals(state, IteratorState.fromJson(state.toJson()));
        assertEquals(state, IteratorState.fromJson("{\"generator\": \"g1\", \"epoch\": 2, \"position\": 256, "
                + "\"samplesPerEpoch\": 600, \"batchSize\": 16, \"numShards\": 8, \"from\": 0}"));
        assertThrows(IllegalArgumentException.class, () -> IteratorState.fromJson("{\"epoch\": -1}"));
    }

    @Test
    void optionsRefuseAShardOutsideTheirNumberOfShards() {
        assertThrows(IllegalArgumentException.class, () -> IteratorOptions.DEFAULT.shard(5).numShards(5));
        assertThrows(IllegalArgumentException.class, () -> IteratorOptions.DEFAULT.numShards(0));
        IteratorOptions o = IteratorOptions.DEFAULT.numShards(5).shard(4).resume(new IteratorState("g1", 0, 0, 600, 16, 8, 0));
        assertEquals(4, o.shard());
        assertEquals(new IteratorOptions(4, 0, 4, 5, o.resume()), o);
    }
}
