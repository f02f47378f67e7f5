package dev.datagen.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One list file of a registration, named as its multipart part: {@code <split>-data[.<input>]} or
 * {@code <split>-label[.<output>]}.
 */
public record ListFilePart(String name, Content content) {

    /** Opens a list file's content; called once, when its split is read. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    public static ListFilePart of(String name, Path file) {
        return new ListFilePart(name, () -> Files.newInputStream(file));
    }
}
