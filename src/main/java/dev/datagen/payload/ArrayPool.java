package dev.datagen.payload;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * Reuses the large byte arrays that batches are built in. A batch of 64 images of 224x224x3 is about 10 MB:
 * allocated anew for every batch, such arrays are "humongous" to G1, and every few batches trigger a
 * concurrent collection cycle that takes CPU from decoding. Arrays are returned once the response is written,
 * and the pool keeps at most {@code datagen.buffers.pooled-memory} of them; beyond that they are left to the
 * garbage collector. A taken array is not cleared: batch assembly writes every byte of it.
 */
@Component
public class ArrayPool {

    /** Smaller arrays are cheap to allocate and are not pooled. */
    static final int MIN_POOLED = 256 * 1024;

    private final long maxPooled;
    private final Map<Integer, ConcurrentLinkedDeque<byte[]>> free = new ConcurrentHashMap<>();
    private final AtomicLong pooled = new AtomicLong();

    public ArrayPool(PoolProperties properties) {
        this.maxPooled = properties.effectivePooledMemory();
    }

    /** An array of exactly {@code length} bytes, with arbitrary content. */
    public byte[] take(int length) {
        if (length >= MIN_POOLED) {
            ConcurrentLinkedDeque<byte[]> arrays = free.get(length);
            byte[] array = arrays == null ? null : arrays.pollFirst();
            if (array != null) {
                pooled.addAndGet(-length);
                return array;
            }
        }
        return new byte[length];
    }

    /** Returns an array nobody uses any more. */
    public void give(byte[] array) {
        int length = array.length;
        if (length < MIN_POOLED) {
            return;
        }
        if (pooled.addAndGet(length) > maxPooled) {
            pooled.addAndGet(-length);
            return;
        }
        free.computeIfAbsent(length, l -> new ConcurrentLinkedDeque<>()).addFirst(array);
    }

    public long pooledBytes() {
        return pooled.get();
    }
}
