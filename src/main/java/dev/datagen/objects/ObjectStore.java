package dev.datagen.objects;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3-compatible store behind {@code s3://} data roots, through AWS's SDK: its standard credential chain,
 * its retries with exponential back-off (throttling, 5xx, timeouts, broken connections) and a bounded pool of
 * connections. The client is made on first use, so a service without {@code s3://} roots never touches AWS
 * configuration. Failures become {@link ObjectStoreException}s with a reason and no credential.
 */
public final class ObjectStore implements AutoCloseable {

    /** A stored object's identity: what the decoded-sample cache is stamped with. */
    public record Head(long size, String etag) {
    }

    /** An object's bytes and its identity as read. */
    public record Body(byte[] data, Head head) {
    }

    /** One level of a prefix: its sub-prefixes ("folders") and its objects' keys, each in key order. */
    public record Listing(List<String> folders, List<String> keys) {
    }

    private final S3Properties settings;
    private volatile S3Client client;
    private volatile ExecutorService io;

    public ObjectStore(S3Properties settings) {
        this.settings = settings;
    }

    public S3Properties settings() {
        return settings;
    }

    private S3Client client() {
        S3Client c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = build();
                }
                c = client;
            }
        }
        return c;
    }

    /** The threads requests are read ahead on: one per connection, made on first use. */
    Executor io() {
        ExecutorService e = io;
        if (e == null) {
            synchronized (this) {
                if (io == null) {
                    AtomicInteger n = new AtomicInteger();
                    io = Executors.newFixedThreadPool(settings.maxConnections(), r -> {
                        Thread t = new Thread(r, "datagen-s3-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                }
                e = io;
            }
        }
        return e;
    }

    private S3Client build() {
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(settings.anonymous() ? AnonymousCredentialsProvider.create()
                        : DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(settings.maxConnections()))
                // S3-compatible stores differ in which of S3's newer checksum headers they know: send and
                // check checksums only where the operation requires them
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(settings.maxAttempts()).build())
                        .apiCallAttemptTimeout(settings.requestTimeout()));
        if (settings.endpoint() != null) {
            b.endpointOverride(settings.endpoint());
        }
        return b.build();
    }

    public Head head(ObjectAddress a) throws ObjectStoreException {
        try {
            HeadObjectResponse r = client().headObject(h -> h.bucket(a.bucket()).key(a.key()));
            return new Head(r.contentLength(), r.eTag());
        } catch (SdkException e) {
            throw failure(a, e);
        }
    }

    /** The whole object, refused before its body is read when it is larger than {@code maxBytes}. */
    public Body get(ObjectAddress a, long maxBytes) throws ObjectStoreException {
        try (ResponseInputStream<GetObjectResponse> in = client().getObject(g -> g.bucket(a.bucket()).key(a.key()))) {
            GetObjectResponse r = in.response();
            if (r.contentLength() > maxBytes) {
                in.abort();
                throw new ObjectStoreException(ObjectStoreException.Kind.TOO_LARGE, "the object is " + r.contentLength()
                        + " bytes, too large for an image");
            }
            return new Body(readFully(in, r.contentLength()), new Head(r.contentLength(), r.eTag()));
        } catch (SdkException e) {
            throw failure(a, e);
        } catch (IOException e) {
            if (e instanceof ObjectStoreException o) {
                throw o;
            }
            throw new ObjectStoreException(ObjectStoreException.Kind.UNAVAILABLE, "reading " + a + " broke off ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] readFully(InputStream in, long length) throws IOException {
        byte[] data = in.readNBytes((int) length);
        if (data.length != length) {
            throw new ObjectStoreException(ObjectStoreException.Kind.UNAVAILABLE, "the object ended after "
                    + data.length + " of its " + length + " bytes");
        }
        return data;
    }

    /** Sub-prefixes and objects directly under {@code prefix} (ending in "/", or empty), at most {@code max} of each. */
    public Listing list(String bucket, String prefix, int max) throws ObjectStoreException {
        List<String> folders = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        String token = null;
        try {
            do {
                String t = token;
                ListObjectsV2Response r = client().listObjectsV2(l -> l.bucket(bucket).prefix(prefix).delimiter("/")
                        .continuationToken(t));
                for (CommonPrefix p : r.commonPrefixes()) {
                    folders.add(p.prefix());
                }
                for (S3Object o : r.contents()) {
                    keys.add(o.key());
                }
                token = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
            } while (token != null && folders.size() <= max && keys.size() <= max);
        } catch (SdkException e) {
            throw failure(new ObjectAddress(bucket, prefix), e);
        }
        return new Listing(folders, keys);
    }

    /** Whether the bucket exists and these credentials may list {@code prefix} in it; throws why not. */
    public void checkReadable(ObjectAddress root) throws ObjectStoreException {
        try {
            client().listObjectsV2(l -> l.bucket(root.bucket()).prefix(root.folderPrefix()).maxKeys(1));
        } catch (SdkException e) {
            throw failure(root, e);
        }
    }

    private static ObjectStoreException failure(ObjectAddress a, SdkException e) {
        if (e instanceof NoSuchKeyException) {
            return new ObjectStoreException(ObjectStoreException.Kind.NOT_FOUND, a + " does not exist");
        }
        if (e instanceof NoSuchBucketException) {
            return new ObjectStoreException(ObjectStoreException.Kind.NO_BUCKET, "the bucket '" + a.bucket()
                    + "' does not exist");
        }
        if (e instanceof S3Exception s) {
            int status = s.statusCode();
            String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            if (status == 404) {
                return "NoSuchBucket".equals(code)
                        ? new ObjectStoreException(ObjectStoreException.Kind.NO_BUCKET, "the bucket '" + a.bucket()
                                + "' does not exist")
                        : new ObjectStoreException(ObjectStoreException.Kind.NOT_FOUND, a + " does not exist");
            }
            if (status == 401 || status == 403) {
                return new ObjectStoreException(ObjectStoreException.Kind.DENIED, "the store refused to let these "
                        + "credentials read " + a + " (" + status + (code == null ? "" : " " + code) + "): check "
                        + "the credentials the service runs with (AWS_ACCESS_KEY_ID, a profile, a role)");
            }
            return new ObjectStoreException(ObjectStoreException.Kind.UNAVAILABLE, "the store answered " + status
                    + (code == null ? "" : " " + code) + " for " + a + " through every retry");
        }
        if (e instanceof SdkClientException && e.getMessage() != null && e.getMessage().contains("credentials")) {
            return new ObjectStoreException(ObjectStoreException.Kind.DENIED, "no credentials for the object store: "
                    + "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, or datagen.s3.anonymous=true");
        }
        return new ObjectStoreException(ObjectStoreException.Kind.UNAVAILABLE, "the object store at "
                + (a.bucket()) + " could not be reached through every retry (" + e.getClass().getSimpleName() + ")");
    }

    @Override
    public void close() {
        ExecutorService e = io;
        if (e != null) {
            e.shutdownNow();
        }
        S3Client c = client;
        if (c != null) {
            c.close();
        }
    }
}
