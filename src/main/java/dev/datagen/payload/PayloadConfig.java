package dev.datagen.payload;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.datagen.metrics.DatagenMetrics;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class PayloadConfig {

    /**
     * The per-connection buffer Tomcat copies a response into before each socket write: 8 KB by default, so
     * a 10 MB batch took over a thousand {@code write} calls. Each loopback {@code write} also runs the
     * receiving side's TCP work and wakes the trainer, so fewer, larger writes cost less: 1 MB makes a 10 MB
     * batch 10 writes. Measured on warm epochs of 224x224 photos (batch 64, two services alternating in one
     * run, medians of 6 epochs each): the reader got 5% more with 1 MB than with 64 KB, and 6% more than
     * with 256 KB; the body of a batch took about 4 ms instead of 5 to 6. The buffer is direct
     * ({@code socket.directBuffer}): the JDK copies a heap buffer into a temporary direct one at every socket
     * write, so a heap buffer cost one more copy of every byte sent. It costs 1 MB of native memory per open
     * connection.
     */
    static final int SOCKET_WRITE_BUFFER = 1024 * 1024;

    /**
     * Tomcat keeps the buffers of closed connections for new ones, by default up to 1/32 of the maximum heap;
     * with 1 MB buffers a burst of connections would leave that much behind. 16 MB keeps 15 of them.
     */
    static final int CLOSED_CONNECTION_BUFFERS = 16 * 1024 * 1024;

    /**
     * A bean Spring MVC adds to its converters; declared here rather than as a component, so controller
     * slice tests of other features do not carry the payload writers and their pool.
     */
    @Bean
    BatchMessageConverter batchMessageConverter(BatchWriter writer) {
        return new BatchMessageConverter(writer);
    }

    @Bean
    BatchWriter batchWriter(JsonMapper json, DatagenMetrics metrics, ArrayPool pool) {
        return new BatchWriter(json, metrics, pool);
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> socketWriteBuffer() {
        return factory -> factory.addConnectorCustomizers(
                connector -> {
                    connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_WRITE_BUFFER));
                    connector.setProperty("socket.directBuffer", "true");
                    connector.setProperty("socket.bufferPoolSize", Integer.toString(CLOSED_CONNECTION_BUFFERS));
                });
    }
}
