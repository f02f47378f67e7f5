package dev.datagen.hostile;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Big inputs described in a line of a case descriptor and written at test time, so that a 100 MB line or a
 * label of a million columns is never committed. The language:
 *
 * <pre>
 * expr := term ('+' term)*
 * term := [count '*'] atom
 * atom := 'text' | '(' expr ')' | random(bytes)
 * </pre>
 *
 * Text is quoted with single quotes and written as UTF-8 (escapes such as {@code \n} or {@code \u0000} are
 * those of the .properties file it comes from); {@code random(n)} is n bytes from a fixed seed. Example:
 * {@code 999999*'0 ' + '1\n'} is one label line of a million values.
 */
final class Generated {

    private interface Node {
        void write(OutputStream out) throws IOException;

        long size();
    }

    private record Text(byte[] bytes) implements Node {
        public void write(OutputStream out) throws IOException {
            out.write(bytes);
        }

        public long size() {
            return bytes.length;
        }
    }

    private record RandomBytes(int count) implements Node {
        public void write(OutputStream out) throws IOException {
            byte[] b = new byte[count];
            new Random(0x5EED + count).nextBytes(b);
            out.write(b);
        }

        public long size() {
            return count;
        }
    }

    private record Repeat(long times, Node node) implements Node {
        public void write(OutputStream out) throws IOException {
            if (node instanceof Text t && t.bytes().length > 0 && t.bytes().length < 65536) {
                // write whole blocks of the repeated text rather than one copy at a time
                int per = Math.max(1, 65536 / t.bytes().length);
                byte[] block = new byte[per * t.bytes().length];
                for (int i = 0; i < per; i++) {
                    System.arraycopy(t.bytes(), 0, block, i * t.bytes().length, t.bytes().length);
                }
                long left = times;
                while (left >= per) {
                    out.write(block);
                    left -= per;
                }
                out.write(block, 0, (int) left * t.bytes().length);
                return;
            }
            for (long i = 0; i < times; i++) {
                node.write(out);
            }
        }

        public long size() {
            return times * node.size();
        }
    }

    private record Sequence(List<Node> nodes) implements Node {
        public void write(OutputStream out) throws IOException {
            for (Node n : nodes) {
                n.write(out);
            }
        }

        public long size() {
            return nodes.stream().mapToLong(Node::size).sum();
        }
    }

    private final String source;
    private int pos;

    private Generated(String source) {
        this.source = source;
    }

    /** Writes what {@code expression} describes to {@code file}. */
    static Path write(String expression, Path file) {
        Node root = parse(expression);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            root.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** What {@code expression} describes, for small generated texts (request bodies, form fields). */
    static String text(String expression) {
        Node root = parse(expression);
        if (root.size() > 64 << 20) {
            throw new IllegalArgumentException("use a file for generated content over 64 MB");
        }
        var out = new java.io.ByteArrayOutputStream();
        try {
            root.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static long size(String expression) {
        return parse(expression).size();
    }

    private static Node parse(String expression) {
        Generated p = new Generated(expression);
        Node n = p.expr();
        p.skipSpace();
        if (p.pos != p.source.length()) {
            throw p.error("unexpected text");
        }
        return n;
    }

    private Node expr() {
        List<Node> terms = new ArrayList<>();
        terms.add(term());
        while (peek('+')) {
            pos++;
            terms.add(term());
        }
        return terms.size() == 1 ? terms.get(0) : new Sequence(terms);
    }

    private Node term() {
        skipSpace();
        if (pos < source.length() && Character.isDigit(source.charAt(pos))) {
            long times = number();
            if (!peek('*')) {
                throw error("expected '*' after a count");
            }
            pos++;
            return new Repeat(times, atom());
        }
        return atom();
    }

    private Node atom() {
        skipSpace();
        if (peek('\'')) {
            int end = source.indexOf('\'', pos + 1);
            if (end < 0) {
                throw error("unterminated text");
            }
            String text = source.substring(pos + 1, end);
            pos = end + 1;
            return new Text(text.getBytes(StandardCharsets.UTF_8));
        }
        if (peek('(')) {
            pos++;
            Node inner = expr();
            if (!peek(')')) {
                throw error("expected ')'");
            }
            pos++;
            return inner;
        }
        if (source.startsWith("random(", pos)) {
            pos += "random(".length();
            int count = (int) number();
            if (!peek(')')) {
                throw error("expected ')'");
            }
            pos++;
            return new RandomBytes(count);
        }
        throw error("expected 'text', (expr) or random(n)");
    }

    private long number() {
        skipSpace();
        int start = pos;
        while (pos < source.length() && Character.isDigit(source.charAt(pos))) {
            pos++;
        }
        return Long.parseLong(source.substring(start, pos));
    }

    private boolean peek(char c) {
        skipSpace();
        return pos < source.length() && source.charAt(pos) == c;
    }

    private void skipSpace() {
        while (pos < source.length() && source.charAt(pos) == ' ') {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        String at = source.substring(pos, Math.min(source.length(), pos + 20));
        return new IllegalArgumentException(what + " at column " + (pos + 1) + " ('" + at + "') of: "
                + (source.length() > 80 ? source.substring(0, 80) + "..." : source));
    }
}
