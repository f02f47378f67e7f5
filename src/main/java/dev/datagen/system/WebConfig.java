package dev.datagen.system;

import jakarta.servlet.MultipartConfigElement;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebConfig {

    /** Replaces Boot's spring.servlet.multipart.* so upload limits live with the other datagen.* settings. */
    @Bean
    MultipartConfigElement multipartConfigElement(UploadProperties upload) {
        return new MultipartConfigElement("", upload.maxFileSize().toBytes(), upload.maxRequestSize().toBytes(),
                (int) Math.min(Integer.MAX_VALUE, upload.fileSizeThreshold().toBytes()));
    }

    /** Tomcat's own refusals, before a request reaches Spring, are problem details too. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReports() {
        return factory -> factory.addContextCustomizers(
                context -> context.getParent().getPipeline().addValve(new ProblemReportValve()));
    }
}
