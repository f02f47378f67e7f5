package dev.datagen.dataset;

/** Published after a dataset is deleted, so caches can drop what they hold for it. */
public record DatasetDeleted(long id, String uid, String name) {
}
