package dev.datagen.generator;

import dev.datagen.image.WorkerPool;
import dev.datagen.payload.Batch;

/** Builds the batch of a job; {@link BatchAssembler} is the one the service runs, tests give their own. */
@FunctionalInterface
interface Assembly {

    Batch assemble(BatchJob job, WorkerPool.Priority priority);
}
