package dev.datagen.objects;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The objects one batch or one registration chunk is about to decode, requested ahead of the decoders from the
 * store's I/O threads, at most {@code window} beyond what was taken: the network's latency overlaps the
 * decoding without holding more than a window of encoded images in memory. Taking request i issues the next
 * one; a request taken before its turn is issued at once, so no taker ever waits on one not asked for.
 */
public final class ReadAhead implements AutoCloseable {

    /** One object to read: its identity only (when a cached copy may still be good), or its bytes too. */
    public record Request(ObjectAddress address, boolean headOnly) {
    }

    /** What came back: the identity, and the bytes unless only the identity was asked. */
    public record Result(ObjectStore.Head head, ObjectStore.Body body) {
    }

    private final ObjectStore store;
    private final List<Request> requests;
    private final long maxBytes;
    private final CompletableFuture<Result>[] futures;
    private int issued;
    private volatile boolean closed;

    @SuppressWarnings("unchecked")
    private ReadAhead(ObjectStore store, List<Request> requests, long maxBytes) {
        this.store = store;
        this.requests = requests;
        this.maxBytes = maxBytes;
        this.futures = new CompletableFuture[requests.size()];
    }

    /** Starts reading the first {@code window} requests. */
    public static ReadAhead start(ObjectStore store, List<Request> requests, long maxBytes) {
        ReadAhead r = new ReadAhead(store, List.copyOf(requests), maxBytes);
        r.issueThrough(Math.min(requests.size(), store.settings().readAhead()) - 1);
        return r;
    }

    /** The result of request {@code i}, waiting for it; the store's failure if it failed. */
    public Result take(int i) throws ObjectStoreException {
        issueThrough(i);
        try {
            return futures[i].join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ObjectStoreException o) {
                throw o;
            }
            throw new ObjectStoreException(ObjectStoreException.Kind.UNAVAILABLE, "reading ahead failed ("
                    + e.getCause().getClass().getSimpleName() + ")");
        } catch (CancellationException e) {
            throw new ObjectStoreException(ObjectStoreException.Kind.UNAVAILABLE, "the read was cancelled");
        } finally {
            issueThrough(Math.min(requests.size() - 1, i + store.settings().readAhead()));
        }
    }

    private synchronized void issueThrough(int last) {
        while (!closed && issued <= last) {
            Request r = requests.get(issued);
            futures[issued] = CompletableFuture.supplyAsync(() -> read(r), store.io());
            issued++;
        }
    }

    private Result read(Request r) {
        if (closed) {
            throw new CancellationException();
        }
        try {
            if (r.headOnly()) {
                return new Result(store.head(r.address()), null);
            }
            ObjectStore.Body body = store.get(r.address(), maxBytes);
            return new Result(body.head(), body);
        } catch (ObjectStoreException e) {
            throw new CompletionException(e);
        }
    }

    /** Stops what was not read yet (a batch that failed midway). */
    @Override
    public synchronized void close() {
        closed = true;
        for (int i = 0; i < issued; i++) {
            futures[i].cancel(false);
        }
    }
}
