package dev.datagen.dataset;

import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import dev.datagen.metrics.DatagenMetrics;
import dev.datagen.problem.ProblemException;

/** Counts registrations and refusals by their problem type. */
@Component
class RegistrationListener {

    private final DatagenMetrics metrics;

    RegistrationListener(DatagenMetrics metrics) {
        this.metrics = metrics;
    }

    <T> T observe(Supplier<T> registration) {
        try {
            T result = registration.get();
            metrics.registered();
            return result;
        } catch (ProblemException e) {
            metrics.registrationRefused(e.type().slug());
            throw e;
        }
    }
}
