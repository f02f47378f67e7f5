package dev.datagen.generator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.datagen.cache.CacheStore;
import dev.datagen.dataset.ImageStore;
import dev.datagen.dataset.SampleRow;
import dev.datagen.objects.ObjectAddress;
import dev.datagen.objects.ObjectStoreException;
import dev.datagen.objects.ReadAhead;

/**
 * The object-store reads of one batch, started before its samples are decoded: for each image of each slot
 * that lives in a bucket, its bytes (when the cache holds no copy) or only its identity (when it holds one,
 * to check it), read ahead in slot order. Images in folders are read by the decoders themselves.
 */
final class ObjectReads implements AutoCloseable {

    static final ObjectReads NONE = new ObjectReads(null, new int[0][]);

    private final ReadAhead ahead;
    /** Per slot and array, the request's index, or -1. */
    private final int[][] requestOf;

    private ObjectReads(ReadAhead ahead, int[][] requestOf) {
        this.ahead = ahead;
        this.requestOf = requestOf;
    }

    static ObjectReads start(ImageStore images, List<SampleRow> rows, List<BatchLayout.Array> specs,
            CacheStore[] stores) {
        List<ReadAhead.Request> requests = new ArrayList<>();
        int[][] requestOf = new int[rows.size()][specs.size()];
        for (int slot = 0; slot < rows.size(); slot++) {
            Arrays.fill(requestOf[slot], -1);
            SampleRow row = rows.get(slot);
            for (int a = 0; a < specs.size(); a++) {
                BatchLayout.Array spec = specs.get(a);
                if (spec.kind() == BatchLayout.Kind.VECTOR || !ObjectAddress.isAddress(row.paths()[spec.slot()])) {
                    continue;
                }
                ObjectAddress address;
                try {
                    address = images.confined(row.paths()[spec.slot()]);
                } catch (RuntimeException e) {
                    continue; // the decoder reports it, with the sample's onError
                }
                requestOf[slot][a] = requests.size();
                requests.add(new ReadAhead.Request(address, stores[a] != null && stores[a].holds(row.index())));
            }
        }
        return requests.isEmpty() ? NONE
                : new ObjectReads(ReadAhead.start(images.objects(), requests, images.maxBytes()), requestOf);
    }

    /** What was read for slot {@code slot}'s array {@code a}, or null when nothing was (a file; a replacement). */
    ReadAhead.Result take(int slot, int a) throws ObjectStoreException {
        if (ahead == null || slot >= requestOf.length || requestOf[slot][a] < 0) {
            return null;
        }
        return ahead.take(requestOf[slot][a]);
    }

    @Override
    public void close() {
        if (ahead != null) {
            ahead.close();
        }
    }
}
