package dev.datagen.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real image datasets for tests, made by the shared scripts in {@code ../shared/data} (MNIST digits as PNG
 * with list files of every task shape, real-photo JPEGs) into {@code target/fixtures}, once per build.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** The folder every test dataset lives under; tests use it as a data root. */
    public static Path root() {
        Path root = Path.of("target", "fixtures").toAbsolutePath();
        try {
            Files.createDirectories(root);
            return root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path sharedData() {
        String configured = System.getProperty("datagen.shared", System.getenv("DATAGEN_SHARED"));
        Path shared = configured != null ? Path.of(configured) : Path.of("..", "shared");
        Path data = shared.resolve("data").toAbsolutePath().normalize();
        if (!Files.isRegularFile(data.resolve("mnist.py"))) {
            throw new IllegalStateException("../shared/data/mnist.py not found at " + data
                    + "; set -Ddatagen.shared=<path to shared>");
        }
        return data;
    }

    /** MNIST digits in list-file form (see ../shared/data/mnist.py for the files), cached per size. */
    public static synchronized Path mnist(int train, int test) {
        Path dir = root().resolve("mnist-" + train + "-" + test);
        if (Files.exists(dir.resolve(".complete"))) {
            return dir;
        }
        run(List.of("python3", sharedData().resolve("mnist.py").toString(), dir.toString(),
                "--train", String.valueOf(train), "--test", String.valueOf(test)));
        try {
            Files.writeString(dir.resolve(".complete"), "ok");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /**
     * Real-photo JPEGs of 500x375 (see ../shared/data/photos.py: crops of scikit-image's sample photographs),
     * cached per count; needs Debian's python3 with python3-skimage and python3-pil.
     */
    public static synchronized Path photos(int count) {
        Path dir = root().resolve("photos-" + count);
        if (Files.exists(dir.resolve(".complete"))) {
            return dir;
        }
        run(List.of(Python.DEBIAN_PYTHON, sharedData().resolve("photos.py").toString(), dir.toString(),
                String.valueOf(count)));
        try {
            Files.writeString(dir.resolve(".complete"), "ok");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
