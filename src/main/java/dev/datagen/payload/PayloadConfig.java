package dev.datagen.payload;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.datagen.metrics.DatagenMetrics;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class PayloadConfig {

    /**
     * A bean Spring MVC adds to its converters; declared here rather than as a component, so controller
     * slice tests of other features do not carry the payload writers and their pool.
     */
    @Bean
    BatchMessageConverter batchMessageConverter(JsonMapper json, DatagenMetrics metrics, ArrayPool pool) {
        return new BatchMessageConverter(json, metrics, pool);
    }
}
