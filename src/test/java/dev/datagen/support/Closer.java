package dev.datagen.support;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test started (servers, nginx, scripts, a database schema), closed last-registered first: from the
 * test's {@code @AfterEach}, so that nothing outlives a failed test, and wherever the test wants them gone
 * sooner. Registering is thread-safe (servers started in parallel); closing twice closes nothing twice.
 */
public final class Closer implements AutoCloseable {

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** Registers {@code resource} and returns it. */
    public synchronized <T extends AutoCloseable> T register(T resource) {
        opened.push(resource);
        return resource;
    }

    /** Closes every resource registered so far, all of them even when some fail: the first failure is thrown. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        for (AutoCloseable c = next(); c != null; c = next()) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private synchronized AutoCloseable next() {
        return opened.poll();
    }
}
