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
     * a 10 MB batch took over a thousand {@code write} calls; 64 KB makes it 160. It costs 64 KB per open
     * connection (Tomcat keeps the buffers of at most 500 closed connections for reuse: 32 MB at most).
     */
    static final int SOCKET_WRITE_BUFFER = 64 * 1024;

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
                connector -> connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_WRITE_BUFFER)));
    }
}
