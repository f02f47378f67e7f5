package dev.datagen.objects;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How to reach the object store of {@code s3://} data roots ({@code datagen.s3.*}). Credentials are not
 * here: they come from AWS's standard chain (the environment's {@code AWS_ACCESS_KEY_ID} and
 * {@code AWS_SECRET_ACCESS_KEY}, a profile, an instance role), so they are never in the registry or in
 * {@code /actuator/info}.
 *
 * @param endpoint       the store's URL for S3-compatible stores (MinIO, Ceph, s3proxy); absent: AWS itself
 * @param region         the region to sign requests for (any value for most S3-compatible stores)
 * @param pathStyle      {@code http://host/bucket/key} rather than {@code http://bucket.host/key} (most
 *                       S3-compatible stores need it)
 * @param anonymous      send unsigned requests (public buckets), ignoring any credentials
 * @param maxConnections requests to the store at once, at most
 * @param maxAttempts    tries of one request, with exponential back-off between them, on throttling, 5xx
 *                       answers, timeouts and broken connections
 * @param requestTimeout longest one try may take
 * @param readAhead      objects a batch or a registration reads ahead of the decoders, at most
 */
@ConfigurationProperties("datagen.s3")
public record S3Properties(
        URI endpoint,
        @DefaultValue("us-east-1") String region,
        @DefaultValue("false") boolean pathStyle,
        @DefaultValue("false") boolean anonymous,
        @DefaultValue("32") int maxConnections,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("16") int readAhead) {
}
