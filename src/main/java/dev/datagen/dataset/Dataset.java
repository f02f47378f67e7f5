package dev.datagen.dataset;

import java.time.Instant;

/**
 * A registered dataset.
 *
 * @param id  database key
 * @param uid unique for the lifetime of the installation (a re-registered name gets a new one); names
 *            cache files so they can never be confused between two datasets of the same name
 */
public record Dataset(long id, String uid, String name, String baseDir, Instant createdAt,
        DatasetDescriptor descriptor) {
}
