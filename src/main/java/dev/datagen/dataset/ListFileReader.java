package dev.datagen.dataset;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a list file one line at a time in bounded memory: strict UTF-8, a maximum line length, surrounding
 * whitespace stripped, a byte-order mark ignored. Blank lines at the end are ignored; a blank line
 * followed by more content is an error.
 */
final class ListFileReader implements Closeable {

    private final Reader reader;
    private final int maxLineLength;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private long lineNumber;
    private boolean eof;

    ListFileReader(InputStream in, int maxLineLength) {
        this.reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        this.maxLineLength = maxLineLength;
    }

    /** The number of the line last returned, from 1. */
    long lineNumber() {
        return lineNumber;
    }

    /** The next non-blank line, stripped, or null at the end of the file. */
    String next() throws IOException {
        String line = raw();
        if (line == null || !line.isEmpty()) {
            return line;
        }
        long blank = lineNumber;
        while (line != null && line.isEmpty()) {
            line = raw();
        }
        if (line == null) {
            return null;
        }
        throw new LineException(blank, "the line is empty (blank lines are only allowed at the end)");
    }

    /** Counts the lines left (for an error message), without keeping them. */
    long countRemaining() throws IOException {
        long n = 0;
        while (next() != null) {
            n++;
        }
        return n;
    }

    private String raw() throws IOException {
        if (eof) {
            return null;
        }
        StringBuilder line = new StringBuilder();
        while (true) {
            if (position == limit && !fill()) {
                eof = true;
                if (line.length() == 0) {
                    return null;
                }
                break;
            }
            char c = buffer[position++];
            if (c == '\n') {
                break;
            }
            line.append(c);
            if (line.length() > maxLineLength) {
                throw new LineException(lineNumber + 1, "the line is longer than " + maxLineLength
                        + " characters (datagen.limits.max-line-length)");
            }
        }
        lineNumber++;
        if (lineNumber == 1 && line.length() > 0 && line.charAt(0) == '\uFEFF') {
            line.deleteCharAt(0);
        }
        String stripped = line.toString().strip();
        checkControls(stripped);
        return stripped;
    }

    /**
     * Refuses control characters inside a line (a CRLF's CR is stripped at its end, a tab is a separator): a
     * path or label holding one is a broken list file, not a path to look up. A carriage return inside is
     * most likely a file with CR-only line endings, read as one long line.
     */
    private void checkControls(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\r') {
                throw new LineException(lineNumber, "the line holds a carriage return (U+000D) inside it: the file"
                        + " seems to end its lines with CR alone (classic Mac OS); save it with LF or CRLF line endings");
            }
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                throw new LineException(lineNumber, "the line holds the control character U+"
                        + String.format("%04X", (int) c) + " at column " + (i + 1));
            }
        }
    }

    private boolean fill() throws IOException {
        try {
            int n = reader.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return false;
            }
            position = 0;
            limit = n;
            return true;
        } catch (CharacterCodingException e) {
            throw new LineException(lineNumber + 1, "the file is not UTF-8 text (binary data?)");
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** A problem at a line of a list file. */
    static final class LineException extends RuntimeException {
        private final long line;

        LineException(long line, String reason) {
            super(reason, null, false, false);
            this.line = line;
        }

        long line() {
            return line;
        }
    }
}
