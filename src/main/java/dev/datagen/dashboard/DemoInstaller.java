package dev.datagen.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

import dev.datagen.dataset.DataRoots;
import dev.datagen.dataset.DatasetCatalog;
import dev.datagen.dataset.ListFilePart;
import dev.datagen.generator.Generator;
import dev.datagen.generator.GeneratorRequest;
import dev.datagen.generator.GeneratorService;
import dev.datagen.image.Augmentation;

/**
 * The first-run demo: unpacks 1,000 real MNIST digits shipped in the jar ({@code demo/mnist-demo.zip}, see
 * its README) into {@code <first data root>/datagen-demo/} and registers them in every task shape through the
 * same {@link DatasetCatalog} the API uses, then creates a generator, so a newcomer sees working datasets and
 * can pull live batches right away. Only into an empty registry: it must never mix with real datasets.
 */
@Service
class DemoInstaller {

    static final String ZIP = "demo/mnist-demo.zip";
    static final String FOLDER = "datagen-demo";
    static final String FIRST = "demo-digits";
    private static final String COMPLETE = ".complete";
    private static final Logger log = LoggerFactory.getLogger(DemoInstaller.class);

    private static final String DIGIT_NAMES =
            "[\"zero\", \"one\", \"two\", \"three\", \"four\", \"five\", \"six\", \"seven\", \"eight\", \"nine\"]";

    /** A demo dataset: its name, its spec, and its list files by part name (train and test alike). */
    private record Shape(String name, String spec, List<String[]> parts) {
    }

    private static final List<Shape> SHAPES = List.of(
            new Shape(FIRST, "{\"outputs\": {\"label\": {\"classNames\": " + DIGIT_NAMES + "}}}", List.of(
                    new String[] {"train-data", "train-data.txt"}, new String[] {"train-label", "train-label.txt"},
                    new String[] {"test-data", "test-data.txt"}, new String[] {"test-label", "test-label.txt"})),
            new Shape("demo-multitask", "{\"outputs\": {\"digit\": {\"classNames\": " + DIGIT_NAMES + "}, "
                    + "\"parity\": {\"classNames\": [\"even\", \"odd\"]}}}", List.of(
                    new String[] {"train-data", "train-data.txt"},
                    new String[] {"train-label.digit", "train-label.txt"},
                    new String[] {"train-label.parity", "train-label-parity.txt"},
                    new String[] {"test-data", "test-data.txt"},
                    new String[] {"test-label.digit", "test-label.txt"},
                    new String[] {"test-label.parity", "test-label-parity.txt"})),
            new Shape("demo-masks", null, List.of(
                    new String[] {"train-data", "train-data.txt"}, new String[] {"train-label.mask", "train-mask.txt"},
                    new String[] {"test-data", "test-data.txt"}, new String[] {"test-label.mask", "test-mask.txt"})),
            new Shape("demo-pairs", "{\"outputs\": {\"same\": {\"classNames\": [\"same\", \"different\"]}}}", List.of(
                    new String[] {"train-data.left", "train-pair-left.txt"},
                    new String[] {"train-data.right", "train-pair-right.txt"},
                    new String[] {"train-label.same", "train-label-same.txt"},
                    new String[] {"test-data.left", "test-pair-left.txt"},
                    new String[] {"test-data.right", "test-pair-right.txt"},
                    new String[] {"test-label.same", "test-label-same.txt"})));

    /** Why the demo was not installed, in a sentence for the page, with the HTTP status to answer. */
    static final class DemoException extends RuntimeException {
        private final HttpStatus status;

        DemoException(HttpStatus status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        HttpStatus status() {
            return status;
        }
    }

    record Installed(List<String> datasets, String generatorId, Path folder) {
    }

    private final DatasetCatalog catalog;
    private final GeneratorService generators;
    private final DataRoots roots;
    private final TransactionTemplate transactions;

    DemoInstaller(DatasetCatalog catalog, GeneratorService generators, DataRoots roots,
            TransactionTemplate transactions) {
        this.catalog = catalog;
        this.generators = generators;
        this.roots = roots;
        this.transactions = transactions;
    }

    /** Whether the dashboard should offer the demo. */
    boolean offered() {
        return catalog.count() == 0;
    }

    /**
     * Unpacks and registers the demo; either every demo dataset and its generator are registered or none is.
     *
     * @throws DemoException when the registry is not empty or the files cannot be written
     */
    synchronized Installed install() {
        if (!offered()) {
            throw new DemoException(HttpStatus.CONFLICT, "The demo is only installed into an empty registry; this one already has datasets.");
        }
        Path folder = unpack();
        // one transaction for every dataset and the generator: a failure or a kill part-way leaves no half
        // demo behind (which would hide the button and answer a retry with 409)
        Installed installed = transactions.execute(status -> {
            List<String> registered = new ArrayList<>();
            for (Shape shape : SHAPES) {
                log.info("demo: registering {}", shape.name());
                List<ListFilePart> parts = shape.parts().stream()
                        .map(p -> ListFilePart.of(p[0], folder.resolve(p[1]))).toList();
                catalog.registerListFiles(shape.name(), folder.toString(), shape.spec(), parts);
                registered.add(shape.name());
            }
            // what a Keras user would ask for: pixels in [0, 1], mild augmentation, a fixed seed
            Generator g = generators.create(FIRST, new GeneratorRequest("train", 32, true, 42L, 1.0 / 255,
                    new Augmentation(null, null, 10.0, 0.1, 0.1, 0.1, null)));
            return new Installed(List.copyOf(registered), g.id(), folder);
        });
        log.info("demo installed: {} datasets from {}, generator {}", installed.datasets().size(), folder,
                installed.generatorId());
        return installed;
    }

    /**
     * Unpacks the zip into a fresh temporary folder next to the target and renames it into place, so an
     * interrupted unpack never looks complete. A folder of that name not made by us is left alone.
     */
    private Path unpack() {
        Path root = roots.first();
        Path folder = root.resolve(FOLDER);
        if (Files.exists(folder.resolve(COMPLETE))) {
            return folder;
        }
        if (Files.exists(folder)) {
            throw new DemoException(HttpStatus.CONFLICT, "The folder " + folder + " exists but is not a complete demo; move it away "
                    + "and try again.");
        }
        Path tmp = root.resolve(FOLDER + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp);
            try (InputStream in = new ClassPathResource(ZIP).getInputStream(); ZipInputStream zip = new ZipInputStream(in)) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                    Path target = tmp.resolve(e.getName()).normalize();
                    if (!target.startsWith(tmp)) {
                        throw new DemoException(HttpStatus.INTERNAL_SERVER_ERROR, "The demo archive has an entry outside its folder: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(zip, target);
                    }
                }
            }
            Files.writeString(tmp.resolve(COMPLETE), "unpacked from " + ZIP + "\n");
            Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
            return folder;
        } catch (IOException e) {
            FileSystemUtils.deleteRecursively(tmp.toFile());
            throw new DemoException(HttpStatus.INTERNAL_SERVER_ERROR, "The demo cannot be unpacked into " + root + ": " + e.getMessage());
        } catch (RuntimeException e) {
            FileSystemUtils.deleteRecursively(tmp.toFile());
            throw e;
        }
    }

}
