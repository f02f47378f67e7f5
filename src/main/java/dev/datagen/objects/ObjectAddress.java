package dev.datagen.objects;

/**
 * An object (or, with a key ending in {@code /} or empty, a prefix) in an S3-compatible store, written
 * {@code s3://bucket/key}: the form sample locations are stored in, and data roots are configured in.
 */
public record ObjectAddress(String bucket, String key) {

    public static final String SCHEME = "s3://";

    public ObjectAddress {
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("'" + bucket + "' is not a bucket name (3 to 63 lower-case letters, "
                    + "digits, dots and hyphens)");
        }
        if (key == null) {
            key = "";
        }
    }

    public static boolean isAddress(String text) {
        return text != null && text.startsWith(SCHEME);
    }

    /** Parses {@code s3://bucket/key} (the key may be empty: the whole bucket). */
    public static ObjectAddress parse(String text) {
        if (!isAddress(text)) {
            throw new IllegalArgumentException("'" + text + "' is not an s3://bucket/key address");
        }
        String rest = text.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? new ObjectAddress(rest, "") : new ObjectAddress(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** The prefix this address names as a folder: its key with one trailing slash (empty for the bucket). */
    public String folderPrefix() {
        return key.isEmpty() || key.endsWith("/") ? key : key + "/";
    }

    /** The last part of the key, as a file name. */
    public String name() {
        String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        return k.substring(k.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}
