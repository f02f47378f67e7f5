package dev.datagen.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of an HTTP server that fails every {@code n}-th request: alternately it drops the
 * connection without an answer, or answers S3's throttling error (503 SlowDown). Bytes pass unchanged
 * otherwise, so AWS signatures (which cover the Host header) stay valid. Only requests without a body
 * (GET, HEAD) may pass through it: it finds a request's end at its blank line.
 */
public final class FlakyProxy implements AutoCloseable {

    private static final byte[] SLOW_DOWN_BODY = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown"
            + "</Code><Message>Please reduce your request rate.</Message></Error>").getBytes(StandardCharsets.UTF_8);

    private final ServerSocket server;
    private final int targetPort;
    private final int every;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    public FlakyProxy(int targetPort, int every) {
        this.targetPort = targetPort;
        this.every = every;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread accept = new Thread(this::accept, "flaky-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Requests seen, failed ones included. */
    public int requests() {
        return requests.get();
    }

    public int failed() {
        return failed.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> serve(client), "flaky-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            Thread back = new Thread(() -> pump(upstream, client), "flaky-proxy-back");
            back.setDaemon(true);
            back.start();
            InputStream in = client.getInputStream();
            OutputStream out = upstream.getOutputStream();
            byte[] request;
            while ((request = nextRequest(in)) != null) {
                int n = requests.incrementAndGet();
                if (n % every == 0) {
                    failed.incrementAndGet();
                    if ((n / every) % 2 == 1) {
                        return; // dropped: the connection closes with no answer
                    }
                    // answered by the "store" itself, so the upstream connection is left unused for it
                    slowDown(client.getOutputStream());
                    continue;
                }
                out.write(request);
                out.flush();
            }
        } catch (IOException e) {
            // a side closed: so does this connection
        }
    }

    private static void slowDown(OutputStream out) throws IOException {
        // the client reads the answers of one connection in order: keep it simple, close after answering
        out.write(("HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: "
                + SLOW_DOWN_BODY.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(SLOW_DOWN_BODY);
        out.flush();
        throw new IOException("closed after throttling");
    }

    /** The header block of the next request, through its blank line; null at the end of the stream. */
    private static byte[] nextRequest(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int matched = 0;
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            matched = (c == '\r' && matched % 2 == 0) || (c == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            if (matched == 4) {
                return b.toByteArray();
            }
        }
        return null;
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // closed
        } finally {
            try {
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
