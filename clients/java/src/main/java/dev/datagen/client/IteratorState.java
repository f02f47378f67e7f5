package dev.datagen.client;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * Where a trainer stands in its generator's epochs, to save with a checkpoint and resume from, at this or another
 * number of workers: {@link DataGenMultiDataSetIterator#state()}, {@link IteratorOptions#resume(IteratorState)}.
 * The JSON ({@link #toJson()}) has the members of the Python client's {@code state_dict()}.
 *
 * <p>{@code position} is the global position consumed. It assumes the workers step in lockstep (as data-parallel
 * training does): when every shard of an epoch dealt to K shards from position p has consumed b batches of B,
 * positions [p, min(p + K*b*B, samplesPerEpoch)) are consumed; a shard with fewer batches (the epoch's last,
 * uneven ones) has consumed all of its own by then. So every worker computes the same state.
 *
 * @param generator       the generator's id
 * @param epoch           the epoch being read
 * @param position        positions of that epoch consumed, [0, samplesPerEpoch)
 * @param samplesPerEpoch positions of an epoch
 * @param batchSize       the generator's batch size
 * @param numShards       the dealing being read: its number of shards
 * @param from            the dealing being read: its first position
 */
public record IteratorState(String generator, long epoch, long position, int samplesPerEpoch, int batchSize,
        int numShards, long from) implements Serializable {

    public IteratorState {
        if (epoch < 0 || position < 0 || position > samplesPerEpoch || from < 0 || numShards < 1 || batchSize < 1) {
            throw new IllegalArgumentException("not a state of an epoch: epoch " + epoch + ", position " + position
                    + " of " + samplesPerEpoch + ", " + numShards + " shard(s) from " + from + ", batch size " + batchSize);
        }
    }

    /** The state after every shard of the dealing ({@code numShards} from {@code from}) consumed {@code batches}. */
    static IteratorState after(GeneratorInfo g, long epoch, int numShards, long from, long batches, int world) {
        int n = g.samplesPerEpoch();
        int batchSize = g.settings().batchSize();
        long position = Math.min(from + numShards * batches * batchSize, n);
        if (position == n) { // the epoch is over: the next one from its start, dealt to the world
            return new IteratorState(g.id(), epoch + 1, 0, n, batchSize, world, 0);
        }
        return new IteratorState(g.id(), epoch, position, n, batchSize, numShards, from);
    }

    /**
     * Where {@code world} shards carry on: the same number of shards at a batch boundary of the dealing read
     * continues it at its next batch (so the batches, MixUp and CutMix included, are those of an uninterrupted
     * run); otherwise the rest of the epoch is dealt anew, {@code numShards=world, from=position}.
     */
    Start startFor(int world) {
        if (position == samplesPerEpoch) {
            return new Start(epoch + 1, 0, 0);
        }
        long step = (long) world * batchSize;
        if (numShards == world && position >= from && (position - from) % step == 0) {
            return new Start(epoch, from, (position - from) / step);
        }
        return new Start(epoch, position, 0);
    }

    /** Epoch {@code epoch} dealt to the world from {@code from}, read from batch {@code firstBatch}. */
    record Start(long epoch, long from, long firstBatch) {
    }

    /** The state as JSON, e.g. to keep beside a model checkpoint. */
    public String toJson() {
        try {
            return Transport.JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static IteratorState fromJson(String json) {
        try {
            return Transport.JSON.readValue(json, IteratorState.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an iterator state: " + e.getMessage(), e);
        }
    }
}
