package dev.datagen.generator;

import java.time.Instant;

/** A stored generator over one split of a dataset. */
public record Generator(String id, long datasetId, String dataset, GeneratorSettings settings, Instant createdAt) {
}
