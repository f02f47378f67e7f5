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

    public SecurityProperties {
        // a key set to nothing must not quietly mean "no protection": whoever set it meant to protect
        if (apiKey != null && apiKey.isBlank()) {
            throw new IllegalArgumentException("datagen.security.api-key is set but blank, which would leave every "
                    + "change unprotected; give it a key, or remove the setting to run without one");
        }
    }

    public boolean enabled() {
        return apiKey != null && !apiKey.isBlank();
    }
}
