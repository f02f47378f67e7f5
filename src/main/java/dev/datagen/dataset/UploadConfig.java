package dev.datagen.dataset;

import jakarta.servlet.MultipartConfigElement;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class UploadConfig {

    /** Replaces Boot's spring.servlet.multipart.* so upload limits live with the other datagen.* settings. */
    @Bean
    MultipartConfigElement multipartConfigElement(UploadProperties upload) {
        return new MultipartConfigElement("", upload.maxFileSize().toBytes(), upload.maxRequestSize().toBytes(),
                (int) Math.min(Integer.MAX_VALUE, upload.fileSizeThreshold().toBytes()));
    }
}
