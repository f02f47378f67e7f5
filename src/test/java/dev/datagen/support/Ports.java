package dev.datagen.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** What the test supports that start servers (child JVMs, nginx, s3proxy) share: a free port, a pause. */
public final class Ports {

    private Ports() {
    }

    /** A port nothing listens on now (the OS's pick for an ephemeral bind). */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits between polls of a server that is starting; an interrupt ends the wait and is kept. */
    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
