package dev.datagen.image;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.datagen.system.LimitsProperties;

@Configuration(proxyBeanMethods = false)
class ImageConfig {

    @Bean
    ImageCodec imageCodec(LimitsProperties limits) {
        return new ImageCodec(limits.maxImagePixels());
    }

    @Bean(destroyMethod = "close")
    WorkerPool workerPool(ImageProperties properties) {
        return new WorkerPool(properties.effectiveThreads());
    }
}
