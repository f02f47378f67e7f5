package dev.datagen.generator;

import java.time.Duration;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.datagen.metrics.TrainingProgress;
import dev.datagen.metrics.TrainingProgress.GeneratorProgress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Where trainers are: the last batch served per shard of a generator, by this replica (each replica knows
 * what it served; behind a load balancer that hashes a shard to one replica, that is all of it).
 */
@Tag(name = "Generators")
@RestController
class ProgressController {

    /** How far back {@code /api/trainers} looks. */
    static final Duration RECENT = Duration.ofHours(1);

    private final GeneratorService generators;
    private final TrainingProgress progress;

    ProgressController(GeneratorService generators, TrainingProgress progress) {
        this.generators = generators;
        this.progress = progress;
    }

    @Operation(summary = "A generator's training progress: per shard, the last (epoch, batch) served to a trainer "
            + "(JSON views and preview tiles do not count), when, and samples per second over the last minute")
    @GetMapping("/api/generators/{id}/progress")
    GeneratorProgress of(@PathVariable String id) {
        Generator g = generators.find(id);
        return progress.of(g.id(), g.dataset());
    }

    @Operation(summary = "The generators that served a trainer in the last hour, the most recent first; "
            + "active: served in the last minute")
    @GetMapping("/api/trainers")
    List<GeneratorProgress> trainers() {
        return progress.recent(RECENT);
    }
}
