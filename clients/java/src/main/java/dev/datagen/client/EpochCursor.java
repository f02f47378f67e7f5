package dev.datagen.client;

/**
 * Where an iterator is: the epoch, how it is dealt to the shards, this shard, and the index of the next batch in
 * it. Saves and restores that as an {@link IteratorState}. Not thread-safe: the iterator's thread uses it.
 */
final class EpochCursor {

    private final DataGenClient client;
    private final GeneratorInfo generator;
    private final int shard;
    private final int world;
    private long epoch;
    private Dealing dealing;
    private long index;

    EpochCursor(DataGenClient client, GeneratorInfo generator, IteratorOptions options) {
        this.client = client;
        this.generator = generator;
        int own = generator.settings().numShards();
        this.world = options.numShards() == null ? own : options.numShards();
        if (world > 1 && options.shard() == null) {
            throw new IllegalArgumentException("generator " + generator.id() + " is dealt to " + world
                    + " shards" + (world == own ? "" : " (IteratorOptions.numShards)")
                    + "; pick one with IteratorOptions.shard(k)");
        }
        this.shard = options.shard() == null ? 0 : options.shard();
        if (shard >= world) {
            throw new IllegalArgumentException("generator " + generator.id() + " is dealt to shards 0 to "
                    + (world - 1) + "; there is no shard " + shard);
        }
        if (options.resume() != null) {
            restore(options.resume());
        } else {
            start(options.startEpoch(), 0, 0);
        }
    }

    /** Carries on from {@code state}, taken by an iterator of the same generator with any number of shards. */
    void restore(IteratorState state) {
        if (!generator.id().equals(state.generator())) {
            throw new IllegalArgumentException("the state is of generator " + state.generator() + ", this iterator reads "
                    + generator.id());
        }
        if (state.samplesPerEpoch() != generator.samplesPerEpoch()
                || state.batchSize() != generator.settings().batchSize()) {
            throw new IllegalArgumentException("the state counts " + state.samplesPerEpoch() + " positions per epoch in "
                    + "batches of " + state.batchSize() + ", the generator " + generator.samplesPerEpoch() + " in "
                    + generator.settings().batchSize());
        }
        IteratorState.Start s = state.startFor(world);
        start(s.epoch(), s.from(), s.firstBatch());
    }

    /** The start of the next epoch, dealt whole to the shards. */
    void nextEpoch() {
        start(epoch + 1, 0, 0);
    }

    private void start(long epoch, long from, long firstBatch) {
        if (dealing == null || dealing.from() != from) {
            dealing = from == 0 && world == generator.settings().numShards() ? Dealing.own(generator)
                    : Dealing.of(client, generator, world, from);
        }
        this.epoch = epoch;
        this.index = firstBatch;
    }

    /** The state after the batches before {@link #index()}, every shard in lockstep. */
    IteratorState state() {
        return IteratorState.after(generator, epoch, dealing.numShards(), dealing.from(), index, world);
    }

    long epoch() {
        return epoch;
    }

    long index() {
        return index;
    }

    void advance() {
        index++;
    }

    int shard() {
        return shard;
    }

    Dealing dealing() {
        return dealing;
    }

    /** Batches of this shard in the epoch being read. */
    long batches() {
        return dealing.batches(shard);
    }

    /** Fetches batches of this shard in the current dealing (which a later epoch may replace). */
    BatchPrefetcher.Source source() {
        Dealing d = dealing;
        String id = generator.id();
        return (e, i) -> d.batch(client, id, e, shard, i);
    }
}
