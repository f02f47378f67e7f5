package dev.datagen.client;

import java.util.List;

import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * How an epoch's positions are dealt to shards: {@code numShards} shards from position {@code from} on, shard k
 * taking positions from+k, from+k+K, ... in batches of the generator's batchSize. The service orders an epoch
 * by (seed, epoch) alone, never by the number of shards, so a job that consumed positions [0, p) with any number
 * of shards carries on with any other ({@code ?numShards=K&from=p}) and sees each remaining sample once.
 * Near the epoch's end the last shards may have no position left, hence no batch; from the epoch's end
 * no shard has one.
 */
public final class Dealing {

    private final int numShards;
    private final long from;
    private final List<GeneratorInfo.Shard> shards;
    /** What the batches are asked with: null for the generator's own dealing. */
    private final Integer queryNumShards;
    private final boolean own;

    private Dealing(int numShards, long from, List<GeneratorInfo.Shard> shards, Integer queryNumShards, boolean own) {
        this.numShards = numShards;
        this.from = from;
        this.shards = shards;
        this.queryNumShards = queryNumShards;
        this.own = own;
    }

    /** The generator's own dealing: its numShards from position 0. */
    static Dealing own(GeneratorInfo g) {
        return new Dealing(g.settings().numShards(), 0, g.shards(), null, true);
    }

    /** {@code g}'s epoch dealt to {@code numShards} shards from {@code from} (asks the service, but for its own). */
    static Dealing of(DataGenClient client, GeneratorInfo g, int numShards, long from) {
        if (numShards < 1) {
            throw new IllegalArgumentException("numShards must be at least 1, got " + numShards);
        }
        if (numShards == g.settings().numShards() && from == 0) {
            return own(g);
        }
        List<GeneratorInfo.Shard> dealt = client.generator(g.id(), numShards, from > 0 ? from : null).shards();
        return new Dealing(numShards, from, List.copyOf(dealt), numShards, false);
    }

    /** The shards the epoch is dealt to. */
    public int numShards() {
        return numShards;
    }

    /** The first position dealt out. */
    public long from() {
        return from;
    }

    /** Shard {@code shard}'s batches of the epoch. */
    public long batches(int shard) {
        return shard(shard).batches();
    }

    public int samples(int shard) {
        return shard(shard).samples();
    }

    private GeneratorInfo.Shard shard(int k) {
        if (k < 0 || k >= numShards) {
            throw new IllegalArgumentException("shard must be from 0 to " + (numShards - 1) + ", got " + k);
        }
        return shards.get(k);
    }

    /** Batch {@code index} of shard {@code shard} of this dealing of epoch {@code epoch}. */
    public MultiDataSet batch(DataGenClient client, String generatorId, long epoch, int shard, long index) {
        return client.batch(generatorId, epoch, index, queryShard(shard), queryNumShards, queryFrom());
    }

    /** The JSON view of that batch: its sample indices and labels. */
    public BatchSummary summary(DataGenClient client, String generatorId, long epoch, int shard, long index) {
        return client.batchSummary(generatorId, epoch, index, queryShard(shard), queryNumShards, queryFrom());
    }

    private Integer queryShard(int shard) {
        shard(shard);
        return own && numShards == 1 ? null : shard; // only sharded generators take ?shard=k
    }

    private Long queryFrom() {
        return from > 0 ? from : null;
    }

    @Override
    public String toString() {
        return "Dealing[" + numShards + " shard(s) from position " + from + "]";
    }
}
