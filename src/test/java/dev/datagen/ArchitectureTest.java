package dev.datagen;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code: feature packages form a one-way graph, each depending only on the features below
 * it, and no class grows past about 250 lines. The graph, top to bottom:
 *
 * <pre>
 * dashboard  -> generator, dataset, image, metrics, security, problem, web
 * generator  -> dataset, sampling, cache, image, objects, payload, metrics, problem, web
 * dataset    -> image, objects, storage, metrics, problem, web
 * cache      -> image, storage
 * payload    -> metrics
 * security, web, storage -> problem
 * image      -> problem
 * objects, sampling, metrics, problem: leaves
 * </pre>
 * The root package (the application and its info) may use any feature; no feature uses it.
 */
class ArchitectureTest {

    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("dashboard", Set.of("generator", "dataset", "image", "metrics", "security", "problem", "web"));
        ALLOWED.put("generator", Set.of("dataset", "sampling", "cache", "image", "objects", "payload", "metrics", "problem", "web"));
        ALLOWED.put("dataset", Set.of("image", "objects", "storage", "metrics", "problem", "web"));
        ALLOWED.put("cache", Set.of("image", "storage"));
        ALLOWED.put("payload", Set.of("metrics"));
        ALLOWED.put("security", Set.of("problem"));
        ALLOWED.put("web", Set.of("problem"));
        ALLOWED.put("storage", Set.of("problem"));
        ALLOWED.put("image", Set.of("problem"));
        ALLOWED.put("sampling", Set.of());
        ALLOWED.put("objects", Set.of());
        ALLOWED.put("metrics", Set.of());
        ALLOWED.put("problem", Set.of());
    }

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.datagen");

    @Test
    void featurePackagesFormNoCycle() {
        slices().matching("dev.datagen.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void eachFeatureUsesOnlyTheFeaturesBelowIt() {
        for (Map.Entry<String, Set<String>> feature : ALLOWED.entrySet()) {
            Set<String> forbidden = new TreeSet<>(ALLOWED.keySet());
            forbidden.removeAll(feature.getValue());
            forbidden.remove(feature.getKey());
            String[] packages = forbidden.stream().map(p -> "dev.datagen." + p + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("dev.datagen." + feature.getKey() + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(packages)
                    .orShould().dependOnClassesThat().resideInAPackage("dev.datagen")
                    .because(feature.getKey() + " may use only " + feature.getValue())
                    .check(MAIN);
        }
    }

    @Test
    void everyFeaturePackageIsInTheGraph() {
        Set<String> packages = new TreeSet<>();
        MAIN.forEach(c -> {
            String p = c.getPackageName();
            if (p.startsWith("dev.datagen.")) {
                packages.add(p.substring("dev.datagen.".length()).replaceFirst("\\..*", ""));
            }
        });
        assertThat(packages).isEqualTo(new TreeSet<>(ALLOWED.keySet()));
    }

    @Test
    void noMainSourceFileIsLongerThan250Lines() throws IOException {
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            tooLong = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> lines(f) > 250)
                    .map(f -> f + " (" + lines(f) + " lines)")
                    .toList();
        }
        assertThat(tooLong).isEmpty();
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
