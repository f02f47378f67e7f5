package dev.datagen.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The live DataGen service the integration tests run against, from the system properties
 * {@code datagen.url} (e.g. {@code http://127.0.0.1:18282}) and {@code datagen.data} (an MNIST folder made by
 * {@code fixtures/mnist.py}, inside the service's data roots). Missing properties fail the tests: they
 * are never skipped. One instance serves every test class of the run; the datasets it registers get a
 * random suffix and are deleted at the end.
 *
 * <p>Inject it with {@code @ExtendWith(LiveService.Resolver.class)} and a {@code LiveService} parameter.
 */
final class LiveService implements ExtensionContext.Store.CloseableResource {

    final DataGenClient client;
    final Path data;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final ConcurrentHashMap<String, DatasetInfo> datasets = new ConcurrentHashMap<>();
    private final List<String> registered = new CopyOnWriteArrayList<>();

    private LiveService() {
        String url = System.getProperty("datagen.url", "");
        String dir = System.getProperty("datagen.data", "");
        if (url.isBlank() || dir.isBlank()) {
            throw new IllegalStateException("These tests need a running DataGen service: pass -Ddatagen.url=<service URL> "
                    + "-Ddatagen.data=<MNIST folder inside its data roots>, or run clients/java/run-tests.sh URL DATA_DIR "
                    + "(got datagen.url='" + url + "', datagen.data='" + dir + "')");
        }
        data = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isRegularFile(data.resolve("train-data.txt")) || !Files.isRegularFile(data.resolve("test-data.txt"))) {
            throw new IllegalStateException(data + " has no train-data.txt / test-data.txt: make it with "
                    + "python3 fixtures/mnist.py " + data + " --train 6000 --test 1000");
        }
        client = DataGenClient.create(url);
    }

    /** A name unique to this run, e.g. {@code mnist-1a2b3c4d}. */
    String uniqueName(String base) {
        return base + "-" + suffix;
    }

    /** MNIST from the four Keras files (train-data, train-label, test-data, test-label), registered once. */
    DatasetInfo mnist() {
        return datasets.computeIfAbsent("mnist", k -> register(ListFileRegistration.named(uniqueName("mnist"))
                .baseDir(data.toString()).kerasFiles(data)));
    }

    /** MNIST with two outputs per sample: {@code digit} (10 classes) and {@code parity} (even, odd). */
    DatasetInfo mnistMultiTask() {
        return datasets.computeIfAbsent("multitask", k -> register(ListFileRegistration.named(uniqueName("multitask"))
                .baseDir(data.toString())
                .part("train-data", data.resolve("train-data.txt"))
                .part("train-label.digit", data.resolve("train-label.txt"))
                .part("train-label.parity", data.resolve("train-label-parity.txt"))
                .part("test-data", data.resolve("test-data.txt"))
                .part("test-label.digit", data.resolve("test-label.txt"))
                .part("test-label.parity", data.resolve("test-label-parity.txt"))));
    }

    /** Registers a dataset that is deleted at the end of the run. */
    DatasetInfo register(ListFileRegistration r) {
        DatasetInfo info = client.register(r);
        registered.add(info.name());
        return info;
    }

    DatasetInfo register(DirectoryRegistration r) {
        DatasetInfo info = client.register(r);
        registered.add(info.name());
        return info;
    }

    /** The image paths of a split, one per sample, resolved against the data folder. */
    List<Path> imagePaths(String split) throws java.io.IOException {
        return Files.readAllLines(data.resolve(split + "-data.txt")).stream().filter(l -> !l.isBlank())
                .map(l -> data.resolve(l.strip())).toList();
    }

    @Override
    public void close() {
        for (String name : registered) {
            try {
                client.deleteDataset(name);
            } catch (RuntimeException e) {
                System.err.println("could not delete test dataset " + name + ": " + e.getMessage());
            }
        }
    }

    /** Resolves {@code LiveService} parameters to the one instance of the run. */
    static final class Resolver implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == LiveService.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(LiveService.class, k -> new LiveService(), LiveService.class);
        }
    }
}
