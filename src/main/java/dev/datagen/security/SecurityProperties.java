package dev.datagen.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Access control.
 *
 * @param apiKey when set, every request that changes the registry (POST, PUT, PATCH, DELETE) needs
 *               {@code Authorization: Bearer <apiKey>}; reading batches, the dashboard and actuator stay open.
 *               Unset (the default, with the loopback bind address) everything is open.
 */
@Validated
@ConfigurationProperties("datagen.security")
public record SecurityProperties(String apiKey) {

    public boolean enabled() {
        return apiKey != null && !apiKey.isBlank();
    }
}
