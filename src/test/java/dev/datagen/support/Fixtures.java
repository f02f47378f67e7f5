package dev.datagen.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.springframework.util.FileSystemUtils;

/**
 * Real image datasets for tests, made by the project's scripts in {@code fixtures/} (MNIST digits as PNG
 * with list files of every task shape, from the digits committed there; real-photo JPEGs cropped from
 * scikit-image's sample photographs) into {@code target/fixtures}, once per build.
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

    /** The project's own fixture scripts and data ({@code fixtures/}, see its README). */
    public static Path scripts() {
        Path dir = Path.of("fixtures").toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve("mnist.py"))) {
            throw new IllegalStateException("fixtures/mnist.py not found under " + dir.getParent()
                    + "; tests run from the repository root");
        }
        return dir;
    }

    /** MNIST digits in list-file form (see fixtures/mnist.py for the files), cached per size. */
    public static synchronized Path mnist(int train, int test) {
        Path scripts = scripts();
        return made(root().resolve("mnist-" + train + "-" + test), List.of("python3",
                scripts.resolve("mnist.py").toString(), "--train", String.valueOf(train), "--test", String.valueOf(test)),
                scripts.resolve("mnist.py"), scripts.resolve("mnist"));
    }

    /**
     * Real-photo JPEGs of 500x375 (see fixtures/photos.py: crops of scikit-image's sample photographs),
     * cached per count; needs Debian's python3 with python3-skimage and python3-pil.
     */
    public static synchronized Path photos(int count) {
        Path scripts = scripts();
        return made(root().resolve("photos-" + count), List.of(Python.DEBIAN_PYTHON,
                scripts.resolve("photos.py").toString(), String.valueOf(count)), scripts.resolve("photos.py"));
    }

    /**
     * {@code dir} as {@code command} (with {@code dir} as its first argument) makes it from {@code inputs}; made
     * again when an input changed since, so a build never tests against data an older script made.
     */
    private static Path made(Path dir, List<String> command, Path... inputs) {
        String digest = digest(inputs);
        Path marker = dir.resolve(".complete");
        try {
            if (Files.exists(marker) && Files.readString(marker).equals(digest)) {
                return dir;
            }
            FileSystemUtils.deleteRecursively(dir);
            List<String> args = new java.util.ArrayList<>(command);
            args.add(2, dir.toString());
            run(args);
            Files.writeString(marker, digest);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String digest(Path... inputs) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path input : inputs) {
                try (Stream<Path> files = Files.walk(input)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                        sha.update(Files.readAllBytes(f));
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    /** A Keras flow_from_directory tree made from {@link #mnist} digits, inside their folder: split/class/image.png. */
    public static synchronized Path classFolders(Path mnist) throws IOException {
        // inside the digits' folder, so it is made again whenever they are
        Path tree = mnist.resolve("class-folders");
        if (Files.exists(tree.resolve(".complete"))) {
            return tree;
        }
        for (String split : List.of("train", "test")) {
            List<String> images = Files.readAllLines(mnist.resolve(split + "-data.txt"));
            List<String> labels = Files.readAllLines(mnist.resolve(split + "-label.txt"));
            for (int i = 0; i < images.size(); i++) {
                int digit = List.of(labels.get(i).trim().split("\\s+")).indexOf("1");
                Path dest = tree.resolve(split).resolve(String.valueOf(digit)).resolve(Path.of(images.get(i)).getFileName());
                Files.createDirectories(dest.getParent());
                Files.copy(mnist.resolve(images.get(i)), dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(tree.resolve(".complete"), "ok");
        return tree;
    }
}
