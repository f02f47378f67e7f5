package dev.datagen.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.datagen.support.Fixtures;
import dev.datagen.support.TestServer;

/**
 * Requests no HTTP client would send, written on a raw socket: Tomcat refuses them before Spring sees them,
 * and its refusal is a problem detail too (a broken chunked body was answered with Boot's own JSON).
 */
class MalformedHttpServerTest {

    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(Files.createTempDirectory(Fixtures.root(), "malformed").resolve("storage"),
                List.of(Fixtures.root()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "FFFFFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n",          // a chunk size beyond any integer
        "5;EXTENSION\r\nabcde\r\n0\r\n\r\n",                  // a chunk extension larger than Tomcat allows
        "zz\r\nabc\r\n0\r\n\r\n"})                            // a chunk size that is not hexadecimal
    void aBrokenChunkedBodyIsRefusedWithAProblemDetail(String body) throws IOException {
        String request = "POST /api/datasets/any/generators HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + body.replace("EXTENSION", "a".repeat(20_000));
        String answer = exchange(request);

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).contains("Content-Type: application/problem+json");
        assertThat(answer).contains("\"type\":\"/problems/invalid-request\"").doesNotContain("timestamp");
    }

    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(server.http().base().replaceAll(".*:", "")))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0;) {
                    answer.write(buffer, 0, n);
                }
            } catch (java.net.SocketException reset) {
                // the server may close with a reset after answering: what arrived is the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
