package dev.datagen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import dev.datagen.dataset.DataRoots;
import dev.datagen.dataset.DatasetCatalog;
import dev.datagen.dataset.ListFilePart;
import dev.datagen.generator.Generator;
import dev.datagen.generator.GeneratorRequest;
import dev.datagen.generator.GeneratorService;
import dev.datagen.problem.ProblemException;
import dev.datagen.problem.ProblemType;

/** The demo's unpacking and its all-or-nothing registration, with the catalog mocked. */
class DemoInstallerTest {

    @TempDir
    Path root;

    final DatasetCatalog catalog = mock(DatasetCatalog.class);
    final GeneratorService generators = mock(GeneratorService.class);
    final RecordingTransactions transactions = new RecordingTransactions();

    DemoInstaller installer() {
        return new DemoInstaller(catalog, generators, new DataRoots(List.of(root.toString())), new TransactionTemplate(transactions));
    }

    /** Records what became of the one transaction the demo runs in. */
    static final class RecordingTransactions extends AbstractPlatformTransactionManager {
        final List<String> events = new ArrayList<>();

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
            events.add("begin");
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            events.add("commit");
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
            events.add("rollback");
        }
    }

    @Test
    void unpacksTheShippedDigitsAndRegistersEveryTaskShapeThenAGenerator() throws IOException {
        given(catalog.count()).willReturn(0L);
        given(generators.create(anyString(), any())).willReturn(new Generator("g-1", 1, "demo-digits", null, Instant.now()));

        DemoInstaller.Installed installed = installer().install();
        assertThat(transactions.events).containsExactly("begin", "commit");

        Path folder = root.toRealPath().resolve("datagen-demo");
        assertThat(installed.folder()).isEqualTo(folder);
        assertThat(installed.datasets()).containsExactly("demo-digits", "demo-multitask", "demo-masks", "demo-pairs");
        assertThat(Files.readAllLines(folder.resolve("train-data.txt"))).hasSize(800);
        assertThat(Files.readAllLines(folder.resolve("test-label.txt"))).hasSize(200);
        assertThat(Files.size(folder.resolve("train/00000.png"))).isPositive();
        assertThat(Files.size(folder.resolve("test_mask/00199.png"))).isPositive();
        try (var siblings = Files.list(root)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("datagen-demo"); // no temp left
        }

        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<ListFilePart>> parts = ArgumentCaptor.forClass(List.class);
        ArgumentCaptor<String> names = ArgumentCaptor.forClass(String.class);
        ArgumentCaptor<String> specs = ArgumentCaptor.forClass(String.class);
        verify(catalog, times(4)).registerListFiles(names.capture(), eq(folder.toString()), specs.capture(), parts.capture());
        assertThat(partNames(parts.getAllValues().get(0)))
                .containsExactly("train-data", "train-label", "test-data", "test-label");
        assertThat(partNames(parts.getAllValues().get(1))).containsExactly("train-data", "train-label.digit",
                "train-label.parity", "test-data", "test-label.digit", "test-label.parity");
        assertThat(partNames(parts.getAllValues().get(2)))
                .containsExactly("train-data", "train-label.mask", "test-data", "test-label.mask");
        assertThat(partNames(parts.getAllValues().get(3))).containsExactly("train-data.left", "train-data.right",
                "train-label.same", "test-data.left", "test-data.right", "test-label.same");
        assertThat(specs.getAllValues().get(0)).contains("\"three\"");
        // each part opens the right list file
        assertThat(parts.getAllValues().get(1).get(2).content().open().readAllBytes())
                .isEqualTo(Files.readAllBytes(folder.resolve("train-label-parity.txt")));

        ArgumentCaptor<GeneratorRequest> request = ArgumentCaptor.forClass(GeneratorRequest.class);
        verify(generators).create(eq("demo-digits"), request.capture());
        assertThat(request.getValue().split()).isEqualTo("train");
        assertThat(request.getValue().seed()).isEqualTo(42L);
    }

    @Test
    void aRegistryWithDatasetsIsLeftAlone() {
        given(catalog.count()).willReturn(1L);
        assertThatThrownBy(() -> installer().install()).isInstanceOf(DemoInstaller.DemoException.class)
                .hasMessageContaining("only installed into an empty registry");
        assertThat(root.resolve("datagen-demo")).doesNotExist();
        verify(catalog, never()).registerListFiles(any(), any(), any(), any());
    }

    @Test
    void aFailedRegistrationRollsBackTheOneTransactionOfTheWholeDemo() {
        given(catalog.count()).willReturn(0L);
        List<String> calls = new ArrayList<>();
        given(catalog.registerListFiles(anyString(), anyString(), any(), any())).willAnswer(call -> {
            calls.add(call.getArgument(0));
            if (calls.size() == 3) {
                throw new ProblemException(ProblemType.INVALID_IMAGE, "train-data, line 1: cannot be decoded");
            }
            return null;
        });

        assertThatThrownBy(() -> installer().install()).isInstanceOf(ProblemException.class);

        // the first two registrations ran in the transaction that the third one's failure rolled back
        assertThat(calls).containsExactly("demo-digits", "demo-multitask", "demo-masks");
        assertThat(transactions.events).containsExactly("begin", "rollback");
        verify(generators, never()).create(anyString(), any());
    }

    @Test
    void aFolderOfThatNameNotMadeByTheDemoIsNeitherUsedNorTouched() throws IOException {
        given(catalog.count()).willReturn(0L);
        Path mine = Files.createDirectories(root.resolve("datagen-demo"));
        Files.writeString(mine.resolve("notes.txt"), "my own files");

        assertThatThrownBy(() -> installer().install()).isInstanceOf(DemoInstaller.DemoException.class)
                .hasMessageContaining("exists but is not a complete demo");
        try (var files = Files.list(mine)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("notes.txt");
        }
    }

    @Test
    void anEarlierUnpackIsReusedAfterTheDemoDatasetsWereDeleted() throws IOException {
        given(catalog.count()).willReturn(0L);
        given(generators.create(anyString(), any())).willReturn(new Generator("g", 1, "demo-digits", null, Instant.now()));
        installer().install();
        Path marker = root.resolve("datagen-demo/.complete");
        Files.writeString(root.resolve("datagen-demo/train-data.txt"), "train/00000.png\n"); // edited by the user
        installer().install();
        assertThat(marker).exists();
        assertThat(Files.readString(root.resolve("datagen-demo/train-data.txt"))).isEqualTo("train/00000.png\n");
    }

    private static List<String> partNames(List<ListFilePart> parts) {
        return parts.stream().map(ListFilePart::name).toList();
    }
}
