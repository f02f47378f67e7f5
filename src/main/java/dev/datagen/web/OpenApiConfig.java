package dev.datagen.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;

@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI datagenOpenApi(ObjectProvider<BuildProperties> build) {
        String version = build.getIfAvailable() == null ? "dev" : build.getIfAvailable().getVersion();
        return new OpenAPI().info(new Info()
                .title("DataGen")
                .version(version)
                .description("Register image datasets from list files or class folders, and read shuffled, "
                        + "augmented, sharded batches as npz, npy, ND4J or JSON. Errors are RFC 9457 problem "
                        + "details whose type is explained at /problems/{slug}.")
                .license(new License().name("Apache-2.0")));
    }
}
