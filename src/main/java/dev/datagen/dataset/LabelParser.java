package dev.datagen.dataset;

import dev.datagen.problem.Quote;

/**
 * Parses one label line: decimal numbers separated by whitespace, each finite in float32. Stricter than
 * {@link Float#parseFloat}, which would accept "NaN", "Infinity", "1f" or hexadecimal.
 */
final class LabelParser {

    private LabelParser() {
    }

    /** Whether the line looks like numbers at all (else it is taken as a list of mask paths). */
    static boolean looksNumeric(String line) {
        int end = tokenEnd(line, 0);
        return end > 0 && isDecimal(line, 0, end);
    }

    /**
     * @param maxWidth the most values accepted
     * @throws IllegalArgumentException with a reason fit for a person
     */
    static float[] parse(String line, int maxWidth) {
        float[] values = new float[Math.min(16, maxWidth)];
        int count = 0;
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i == n) {
                break;
            }
            int end = tokenEnd(line, i);
            if (!isDecimal(line, i, end)) {
                throw new IllegalArgumentException("value " + (count + 1) + " " + Quote.of(line.substring(i, end), 40)
                        + " is not a decimal number");
            }
            float v = Float.parseFloat(line.substring(i, end));
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("value " + (count + 1) + " " + Quote.of(line.substring(i, end), 40)
                        + " is out of the float32 range");
            }
            if (count == maxWidth) {
                throw new IllegalArgumentException("the line has more than " + maxWidth
                        + " values (datagen.limits.max-label-width)");
            }
            if (count == values.length) {
                values = java.util.Arrays.copyOf(values, Math.min(maxWidth, values.length * 2));
            }
            values[count++] = v;
            i = end;
        }
        return java.util.Arrays.copyOf(values, count);
    }

    /** Whether the vector has exactly one 1 and zeros elsewhere. */
    static boolean isOneHot(float[] v) {
        int ones = 0;
        for (float x : v) {
            if (x == 1f) {
                ones++;
            } else if (x != 0f) {
                return false;
            }
        }
        return ones == 1;
    }

    private static int tokenEnd(String s, int from) {
        int i = from;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)? */
    private static boolean isDecimal(String s, int from, int to) {
        int i = from;
        if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < to && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < to && s.charAt(i) == '.') {
            i++;
            while (i < to && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < to && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exp = 0;
            while (i < to && isDigit(s.charAt(i))) {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == to;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

}
