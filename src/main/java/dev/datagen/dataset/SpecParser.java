package dev.datagen.dataset;

import dev.datagen.problem.JsonReasons;
import dev.datagen.problem.ProblemType;
import dev.datagen.problem.Problems;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Reads the optional {@code spec} part of a registration, refusing what it cannot read with its place. */
final class SpecParser {

    private SpecParser() {
    }

    /** The spec in {@code text}; an empty one when there is none. */
    static DatasetSpec parse(JsonMapper json, String text) {
        if (text == null || text.isBlank()) {
            return DatasetSpec.empty();
        }
        try {
            DatasetSpec spec = json.readerFor(DatasetSpec.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(text);
            return spec == null ? DatasetSpec.empty() : spec;
        } catch (JacksonException e) {
            String field = Problems.jsonPath(e);
            throw RegistrationProblems.part(ProblemType.INVALID_SPEC, "spec", "not a valid spec" + JsonReasons.location(e)
                    + (field.isEmpty() ? "" : ", at " + field) + ": " + JsonReasons.of(e));
        }
    }
}
