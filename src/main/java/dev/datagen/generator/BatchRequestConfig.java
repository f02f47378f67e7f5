package dev.datagen.generator;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.datagen.payload.BatchWriter;

@Configuration(proxyBeanMethods = false)
class BatchRequestConfig {

    /**
     * Right after the observation filter (it times the request; Boot orders it {@code HIGHEST_PRECEDENCE + 1}),
     * ahead of the filters a batch read does not need (request context, body limit, form content, Spring
     * Security); registered here rather than as a component, so controller slice tests do not carry it.
     */
    @Bean
    FilterRegistrationBean<BatchRequestFilter> batchRequestFilter(BatchService batches, BatchWriter writer) {
        FilterRegistrationBean<BatchRequestFilter> registration = new FilterRegistrationBean<>(
                new BatchRequestFilter((id, epoch, index, shard, numShards, from, format) -> batches.batch(id, epoch,
                        index, shard, numShards, from, "npz".equals(format) ? BatchService.Reader.NPZ_TRAINER
                                : BatchService.Reader.TRAINER), writer));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }
}
