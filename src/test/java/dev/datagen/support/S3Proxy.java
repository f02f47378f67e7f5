package dev.datagen.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for the tests: s3proxy (copied to {@code target/s3proxy/s3proxy.jar} by the build) on its
 * filesystem backend, in a child process, checking AWS signatures against its own identity and credential.
 * The service under test finds credentials through AWS's standard chain; this class puts the test identity
 * in the {@code aws.accessKeyId} / {@code aws.secretAccessKey} system properties, the chain's first link.
 */
public final class S3Proxy implements AutoCloseable {

    public static final String IDENTITY = "datagen-test";
    public static final String CREDENTIAL = "s3proxy-secret-7c1f0e";
    private static S3Proxy shared;

    private final Process process;
    private final int port;
    private final Path log;
    private final S3Client client;

    private S3Proxy(Process process, int port, Path log, S3Client client) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.client = client;
    }

    /** One server for the whole test JVM, stopped when it exits: starting one takes seconds. */
    public static synchronized S3Proxy shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start(Ports.free(), IDENTITY, CREDENTIAL);
            S3Proxy s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        }
        return shared;
    }

    /** A server of its own on {@code port}, accepting only {@code identity} and {@code credential}. */
    public static S3Proxy start(int port, String identity, String credential) {
        System.setProperty("aws.accessKeyId", IDENTITY);
        System.setProperty("aws.secretAccessKey", CREDENTIAL);
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the build copies it at generate-test-resources "
                    + "(./mvnw test-compile)");
        }
        try {
            Path dir = Files.createTempDirectory(Fixtures.root(), "s3proxy");
            Path conf = dir.resolve("s3proxy.conf");
            Files.writeString(conf, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + identity,
                    "s3proxy.credential=" + credential,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + Files.createDirectories(dir.resolve("store")),
                    ""));
            Path log = dir.resolve("s3proxy.log");
            Process process = new ProcessBuilder(javaBinary(), "-Xmx256m", "-jar", jar.toString(), "--properties",
                    conf.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            S3Client client = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                    .region(Region.US_EAST_1).forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(identity,
                            credential)))
                    .build();
            S3Proxy proxy = new S3Proxy(process, port, log, client);
            proxy.awaitListening(Duration.ofSeconds(60));
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                client.listBuckets();
                return;
            } catch (IOException | RuntimeException e) {
                Ports.pause(200);
            }
        }
        throw new IllegalStateException("s3proxy did not start listening on " + port + "; see " + log);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** JVM options that give a service in a child JVM this server's credentials, through AWS's chain. */
    public static List<String> credentialOptions() {
        return List.of("-Daws.accessKeyId=" + IDENTITY, "-Daws.secretAccessKey=" + CREDENTIAL);
    }

    /** The properties that point the service at this server. */
    public String[] properties() {
        return new String[] {"datagen.s3.endpoint=" + endpoint(), "datagen.s3.path-style=true"};
    }

    public S3Client client() {
        return client;
    }

    /** Creates {@code bucket} and copies every regular file under {@code folder} to it, keys under {@code prefix}. */
    public void upload(String bucket, String prefix, Path folder) {
        bucket(bucket);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // many small objects: latency-bound, so many at once
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<?>> puts = new ArrayList<>();
            for (Path f : files) {
                puts.add(pool.submit(() -> put(bucket, prefix + folder.relativize(f).toString().replace('\\', '/'), f)));
            }
            for (java.util.concurrent.Future<?> put : puts) {
                put.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("uploading to s3proxy failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Creates {@code bucket} unless it exists. */
    public synchronized void bucket(String bucket) {
        if (client.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            client.createBucket(c -> c.bucket(bucket));
        }
    }

    public void put(String bucket, String key, Path file) {
        bucket(bucket);
        client.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromFile(file));
    }

    public void put(String bucket, String key, byte[] data) {
        client.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromBytes(data));
    }

    public void delete(String bucket, String key) {
        client.deleteObject(d -> d.bucket(bucket).key(key));
    }

    @Override
    public void close() {
        client.close();
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
