package dev.datagen.storage;

import java.util.Map;

/**
 * Something that keeps files in the storage directory and says how much, for the {@code storage} health
 * component (the decoded-sample cache does). The storage feature reports them without knowing them.
 */
public interface StorageUsage {

    /** Facts for the health details, by name. */
    Map<String, Object> usage();
}
