package dev.datagen.dataset;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import dev.datagen.objects.ObjectAddress;
import dev.datagen.problem.Quote;

/**
 * The {@code s3://bucket/prefix} data roots, and the confinement of object keys to them: a key is normalised
 * as a path would be ({@code .} dropped, {@code ..} removing the segment before it), after decoding any
 * percent-encoding, and must stay under the prefix of a root of the same bucket. So neither {@code ..},
 * its encoded forms, an absolute key nor another bucket reaches an object outside the roots.
 */
final class BucketRoots {

    private final List<ObjectAddress> roots;

    BucketRoots(List<ObjectAddress> roots) {
        this.roots = List.copyOf(roots);
    }

    List<ObjectAddress> roots() {
        return roots;
    }

    boolean isEmpty() {
        return roots.isEmpty();
    }

    /**
     * The object {@code text} names: an {@code s3://} address, or a key relative to {@code base} (a prefix
     * inside a root); refused unless it lies inside a root.
     */
    ObjectAddress resolve(ObjectAddress base, String text) {
        ObjectAddress candidate;
        if (ObjectAddress.isAddress(text)) {
            try {
                candidate = ObjectAddress.parse(text);
            } catch (IllegalArgumentException e) {
                throw new PathRefusedException(true, e.getMessage());
            }
        } else {
            if (text.startsWith("/")) {
                throw new PathRefusedException(true, Quote.of(text) + " is an absolute path, not a key under "
                        + base);
            }
            candidate = new ObjectAddress(base.bucket(), base.folderPrefix() + text);
        }
        String key = normalise(candidate.key(), text);
        ObjectAddress normalised = new ObjectAddress(candidate.bucket(), key);
        if (!contains(normalised)) {
            throw new PathRefusedException(true, Quote.of(text) + " is outside the data roots");
        }
        return normalised;
    }

    /** Whether an address (normalised) lies under a root's prefix, in the root's bucket. */
    boolean contains(ObjectAddress a) {
        return roots.stream().anyMatch(r -> r.bucket().equals(a.bucket()) && a.key().startsWith(r.folderPrefix()));
    }

    /**
     * The key with {@code .}, {@code ..} and empty segments applied. Percent-escapes are kept (S3 keys are
     * literal), but a key whose decoded form holds such segments is refused: what some store or proxy
     * decodes must not lead somewhere else than what was checked.
     */
    private static String normalise(String key, String text) {
        if (key.indexOf('\\') >= 0) {
            throw new PathRefusedException(true, Quote.of(text) + " contains a backslash");
        }
        if (key.isEmpty() || key.endsWith("/")) {
            throw new PathRefusedException(false, Quote.of(text) + " names a prefix, not an object");
        }
        if (key.indexOf('%') >= 0) {
            String decoded = decodePercent(key, text);
            if (!applyDots(decoded, text).equals(decoded)) {
                throw new PathRefusedException(true, Quote.of(text) + " hides path segments in percent-escapes");
            }
        }
        return applyDots(key, text);
    }

    private static String applyDots(String key, String text) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    throw new PathRefusedException(true, Quote.of(text) + " is outside the data roots");
                }
                segments.removeLast();
            } else if (!segment.equals(".") && !segment.isEmpty()) {
                segments.addLast(segment);
            }
        }
        return String.join("/", segments);
    }

    private static String decodePercent(String key, String text) {
        if (key.indexOf('%') < 0) {
            return key;
        }
        try {
            return java.net.URLDecoder.decode(key.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new PathRefusedException(true, Quote.of(text) + " has a malformed percent-escape");
        }
    }
}
