package dev.datagen.problem;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Why Jackson could not read a JSON body, in the words of the API rather than of its Java classes: Jackson's
 * own messages name records, nested enum classes, tokens and the "source" it read from, none of which the
 * person who sent the JSON can act on.
 */
public final class JsonReasons {

    /** What an enum's message lists as accepted: Jackson's names, which are the API's. */
    private static final Pattern ACCEPTED = Pattern.compile("accepted for Enum class: \\[([^\\]]*)\\]");
    /** Jackson quotes where it read from ("[Source: REDACTED ...; line: 1, column: 2]"); the caller says where. */
    private static final Pattern SOURCE = Pattern.compile("\\s*\\(?(start marker at )?\\[Source: [^\\]]*\\]\\)?");

    private JsonReasons() {
    }

    /** The reason, without where it happened (the caller names the field, or the line and column). */
    public static String of(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof UnrecognizedPropertyException u) {
                return "unknown field " + Quote.of(u.getPropertyName()) + known(u.getKnownPropertyIds());
            }
            if (t instanceof InvalidFormatException f) {
                Matcher accepted = ACCEPTED.matcher(String.valueOf(f.getOriginalMessage()));
                return Quote.of(String.valueOf(f.getValue())) + " is not "
                        + (accepted.find() ? "one of " + accepted.group(1) : expected(f.getTargetType()));
            }
            if (t instanceof MismatchedInputException m && m.getTargetType() != null) {
                return "expected " + expected(m.getTargetType());
            }
            if (t instanceof StreamReadException s) {
                String message = withoutSource(s.getOriginalMessage());
                return message.startsWith("Duplicate") ? "a field is given twice (" + message + ")"
                        : "malformed JSON: " + message;
            }
        }
        String message = ex instanceof JacksonException j ? j.getOriginalMessage() : ex.getMessage();
        return Problems.libraryMessage(withoutSource(message));
    }

    /** Where a syntax error is, as " (line L, column C)", or empty. */
    public static String location(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof JacksonException j && j.getLocation() != null && j.getLocation().getLineNr() > 0) {
                return " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")";
            }
        }
        return "";
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return "";
        }
        return "; known fields: " + String.join(", ", ids.stream().map(String::valueOf).sorted().toList());
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a value of the right type";
        }
        if (type.isEnum()) {
            return "a string naming one of its values (docs/api.md lists them)";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number (written without a decimal point or quotes)";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number (written without quotes)";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false (written without quotes)";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        return Map.class.isAssignableFrom(type) || !type.isPrimitive() ? "a JSON object" : "a value of the right type";
    }

    private static String withoutSource(String message) {
        return message == null ? "" : SOURCE.matcher(message).replaceAll("");
    }
}
