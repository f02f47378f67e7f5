package dev.datagen.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.datagen.objects.ObjectAddress;
import dev.datagen.objects.ObjectStoreException;
import dev.datagen.objects.ReadAhead;

/**
 * The objects a registration chunk checks, read ahead of the decoders in line order (the bytes of every image
 * of a bucket root that its list files name), so that the store's latency overlaps the checking. Paths of
 * folders are read by the checks themselves; a path that is refused is left for its check to report.
 */
final class ChunkReads implements AutoCloseable {

    private final ReadAhead ahead;
    private final int[][] requestOf;

    private ChunkReads(ReadAhead ahead, int[][] requestOf) {
        this.ahead = ahead;
        this.requestOf = requestOf;
    }

    /** @param imageField per field of a sample, whether it names an image (an input or a mask) */
    static ChunkReads start(List<SampleSource.RawSample> chunk, boolean[] imageField, Base base, DataRoots roots,
            ImageStore images) {
        List<ReadAhead.Request> requests = new ArrayList<>();
        int[][] requestOf = new int[chunk.size()][imageField.length];
        for (int i = 0; i < chunk.size(); i++) {
            Arrays.fill(requestOf[i], -1);
            for (int f = 0; f < imageField.length; f++) {
                String text = chunk.get(i).fields()[f];
                if (!imageField[f] || !(ObjectAddress.isAddress(text) || base instanceof Base.Prefix)) {
                    continue;
                }
                try {
                    String stored = roots.resolveImage(base, text);
                    if (ObjectAddress.isAddress(stored)) {
                        requestOf[i][f] = requests.size();
                        requests.add(new ReadAhead.Request(ObjectAddress.parse(stored), false));
                    }
                } catch (RuntimeException e) {
                    // refused or malformed: the sample's own check says so, with its line
                }
            }
        }
        return new ChunkReads(requests.isEmpty() ? null : ReadAhead.start(images.objects(), requests, images.maxBytes()),
                requestOf);
    }

    /** The bytes read for sample {@code i}'s field {@code f}, or null when it was not read ahead. */
    ReadAhead.Result take(int i, int f) throws ObjectStoreException {
        return ahead == null || requestOf[i][f] < 0 ? null : ahead.take(requestOf[i][f]);
    }

    @Override
    public void close() {
        if (ahead != null) {
            ahead.close();
        }
    }
}
