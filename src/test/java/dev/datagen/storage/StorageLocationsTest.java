package dev.datagen.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.io.support.ResourcePropertySource;
import org.springframework.mock.env.MockEnvironment;


class StorageLocationsTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"storage", "./x", "../x", "x/y"})
    void aRelativeStorageDirectoryResolvesAgainstTheWorkingDirectoryIntoTheRegistryUrl(String setting) throws IOException {
        Path cwd = Files.createDirectories(tmp.resolve("work"));
        MockEnvironment env = withApplicationProperties().withProperty("datagen.storage-dir", setting);

        StorageLocations.resolve(env, cwd);

        Path expected = cwd.resolve(setting).normalize();
        assertThat(expected).isAbsolute().isDirectory();
        assertThat(env.getProperty("datagen.storage-dir")).isEqualTo(expected.toString());
        assertThat(env.getProperty("spring.datasource.url")).startsWith("jdbc:h2:file:" + expected + "/registry;");
    }

    @Test
    void theDefaultsAreStorageAndDataUnderTheWorkingDirectory() throws IOException {
        MockEnvironment env = withApplicationProperties();

        StorageLocations.resolve(env, tmp);

        assertThat(env.getProperty("datagen.storage-dir")).isEqualTo(tmp.resolve("storage").toString());
        assertThat(Binder.get(env).bind("datagen.data-roots", Bindable.listOf(String.class)).get())
                .containsExactly(tmp.resolve("data").toString());
    }

    @Test
    void everyRelativeDataRootResolvesAgainstTheWorkingDirectory() throws IOException {
        MockEnvironment env = withApplicationProperties().withProperty("datagen.data-roots", "images,../shared-images,/abs");

        StorageLocations.resolve(env, tmp.resolve("work"));

        assertThat(Binder.get(env).bind("datagen.data-roots", Bindable.listOf(String.class)).get()).containsExactly(
                tmp.resolve("work/images").toString(), tmp.resolve("shared-images").toString(), "/abs");
    }

    @Test
    void aStorageDirectoryBelowAFileIsRefusedNamingThePathAndTheReason() throws IOException {
        Files.writeString(tmp.resolve("file"), "x");
        MockEnvironment env = withApplicationProperties().withProperty("datagen.storage-dir", "file/storage");

        assertThatThrownBy(() -> StorageLocations.resolve(env, tmp))
                .isInstanceOfSatisfying(LocationException.class, e -> {
                    assertThat(e.property()).isEqualTo("datagen.storage-dir");
                    assertThat(e.path()).isEqualTo(tmp.resolve("file/storage").toString());
                    assertThat(e.reason()).isEqualTo("the folder cannot be created (not a directory)");
                });
    }

    private static MockEnvironment withApplicationProperties() throws IOException {
        MockEnvironment env = new MockEnvironment();
        env.getPropertySources().addLast(new ResourcePropertySource("classpath:application.properties"));
        return env;
    }
}
