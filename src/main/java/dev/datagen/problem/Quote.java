package dev.datagen.problem;

/**
 * Text from a request as a problem detail quotes it: in single quotes, control characters escaped, and at
 * most {@value #MAX} characters (its start and its end, where a file name is), so a refusal stays small and
 * readable whatever it quotes.
 */
public final class Quote {

    public static final int MAX = 200;

    private Quote() {
    }

    public static String of(String text) {
        return of(text, MAX);
    }

    /** At most {@code max} characters of {@code text}, its middle left out when it is longer. */
    public static String of(String text, int max) {
        if (text == null) {
            return "(missing)";
        }
        String s = text.length() <= max ? text
                : text.substring(0, max / 2) + "..." + text.substring(text.length() - (max - max / 2 - 3));
        StringBuilder sb = new StringBuilder("'");
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7F) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append('\'').toString();
    }
}
