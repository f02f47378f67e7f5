package dev.datagen.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import dev.datagen.metrics.DatagenMetrics;
import dev.datagen.payload.ArrayPool;
import dev.datagen.payload.Batch;
import dev.datagen.payload.BatchWriter;
import dev.datagen.payload.DType;
import dev.datagen.payload.NdArray;
import dev.datagen.payload.PoolProperties;
import dev.datagen.problem.ProblemException;
import dev.datagen.problem.ProblemType;
import tools.jackson.databind.json.JsonMapper;

/** Which requests {@link BatchRequestFilter} answers itself, and what it answers; the rest go down the chain. */
class BatchRequestFilterTest {

    final BatchWriter writer = new BatchWriter(JsonMapper.builder().build(), new DatagenMetrics(new SimpleMeterRegistry()),
            new ArrayPool(new PoolProperties(DataSize.ofMegabytes(4))));
    final List<String> asked = new ArrayList<>();
    RuntimeException failure;

    /** A batch of two 2x3 one-channel images and their one-hot labels. */
    static Batch batch() {
        byte[] pixels = new byte[12];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 20);
        }
        byte[] labels = new byte[16];
        labels[2] = (byte) 0x80;
        labels[3] = (byte) 0x3f;
        labels[8 + 2] = (byte) 0x80;
        labels[8 + 3] = (byte) 0x3f;
        return new Batch("g", "d", 3, 1, 4, new int[] {7, 9}, List.of(
                new NdArray("image", NdArray.Role.INPUT, DType.UINT8, new long[] {2, 2, 3, 1}, pixels),
                new NdArray("label", NdArray.Role.OUTPUT, DType.FLOAT32, new long[] {2, 2}, labels)), List.of());
    }

    final BatchRequestFilter filter = new BatchRequestFilter((id, epoch, index, shard, numShards, from, format) -> {
        asked.add(String.join(",", id, epoch, index, String.valueOf(shard), String.valueOf(numShards),
                String.valueOf(from), format));
        if (failure != null) {
            throw failure;
        }
        return batch();
    }, writer);

    static MockHttpServletRequest get(String path, String accept) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (accept != null) {
            request.addHeader("Accept", accept);
        }
        return request;
    }

    /** Runs the filter; true when it passed the request down the chain. */
    boolean passedOn(MockHttpServletRequest request, MockHttpServletResponse response) throws IOException, ServletException {
        boolean[] chained = {false};
        FilterChain chain = (req, res) -> chained[0] = true;
        filter.doFilter(request, response, chain);
        return chained[0];
    }

    @Test
    void aTrainersRequestIsAnsweredWithTheWritersBytesAndTheSecurityHeaders() throws Exception {
        for (String format : List.of("npy", "npz", "nd4j")) {
            asked.clear();
            MockHttpServletRequest request = get("/api/generators/ab-12_c/epochs/3/batches/4", "application/x-" + format);
            request.setQueryString("shard=1&from=6");
            request.addParameter("shard", "1");
            request.addParameter("from", "6");
            MockHttpServletResponse response = new MockHttpServletResponse();
            assertThat(passedOn(request, response)).isFalse();
            assertThat(asked).containsExactly("ab-12_c,3,4,1,null,6," + format);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            writer.write(batch(), format, expected);
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getContentType()).isEqualTo("application/x-" + format);
            assertThat(response.getContentAsByteArray()).isEqualTo(expected.toByteArray());
            Long length = BatchWriter.contentLength(batch(), format);
            assertThat(response.getHeader("Content-Length")).isEqualTo(length == null ? null : String.valueOf(length));
            BatchRequestFilter.SECURITY_HEADERS.forEach((name, value) -> assertThat(response.getHeader(name)).isEqualTo(value));
        }
    }

    @Test
    void anythingElseGoesDownTheChainUntouched() throws Exception {
        List<MockHttpServletRequest> others = new ArrayList<>(List.of(
                get("/api/generators/g/epochs/0/batches/0", null),
                get("/api/generators/g/epochs/0/batches/0", "*/*"),
                get("/api/generators/g/epochs/0/batches/0", "application/json"),
                get("/api/generators/g/epochs/0/batches/0", "application/x-npy, */*"),
                get("/api/generators/g/epochs/0/batches/0/", "application/x-npy"),
                get("/api/generators/g/epochs/-1/batches/0", "application/x-npy"),
                get("/api/generators/a%2Fb/epochs/0/batches/0", "application/x-npy"),
                get("/api/generators/g/epochs/0/batches/0;x=1", "application/x-npy"),
                get("/api/generators/g/epochs/0", "application/x-npy"),
                get("/api/generators/g/epochs/12345678901234567890/batches/0", "application/x-npy")));
        MockHttpServletRequest head = get("/api/generators/g/epochs/0/batches/0", "application/x-npy");
        head.setMethod("HEAD");
        others.add(head);
        MockHttpServletRequest repeated = get("/api/generators/g/epochs/0/batches/0", "application/x-npy");
        repeated.addParameter("shard", "0", "1");
        others.add(repeated);
        for (MockHttpServletRequest request : others) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            assertThat(passedOn(request, response)).as(request.getMethod() + " " + request.getRequestURI() + " "
                    + request.getHeader("Accept")).isTrue();
            assertThat(response.getHeaderNames()).isEmpty();
        }
        assertThat(asked).isEmpty();
    }

    @Test
    void aRefusedBatchIsAProblemWithItsInstanceAndRetryAfter() throws Exception {
        failure = new ProblemException(ProblemType.SERVICE_BUSY, "Batches being built hold all memory set aside.");
        MockHttpServletRequest request = get("/api/generators/g/epochs/0/batches/0", "application/x-npz");
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(passedOn(request, response)).isFalse();
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getHeader("Retry-After")).isEqualTo(String.valueOf(ProblemType.SERVICE_BUSY.retryAfterSeconds()));
        assertThat(response.getContentAsString()).contains("\"instance\":\"/api/generators/g/epochs/0/batches/0\"")
                .contains("Batches being built hold all memory set aside.").contains("/problems/service-busy");
    }

    @Test
    void anUnexpectedFailureIsLeftToSpringMvcWithACleanResponse() throws Exception {
        failure = new IllegalStateException("the registry is gone");
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(passedOn(get("/api/generators/g/epochs/0/batches/0", "application/x-npy"), response)).isTrue();
        assertThat(response.getHeaderNames()).isEmpty();
        assertThat(response.getContentAsByteArray()).isEmpty();
    }
}
