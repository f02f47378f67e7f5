package dev.datagen.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.datagen.objects.ObjectAddress;
import dev.datagen.problem.Quote;
import dev.datagen.storage.LocationException;

/**
 * The allow-list of folders ({@code datagen.data-roots}) that image paths may resolve into. Nothing outside
 * it is ever opened: a path is checked lexically (after normalising {@code ..}) and again after following
 * every symlink, so neither traversal nor a symlink that points out of a root gets through. Roots that are
 * themselves symlinks are compared by their real location. Roots may also be {@code s3://bucket/prefix}
 * prefixes of an object store, whose keys {@link BucketRoots} confines.
 */
public final class DataRoots {

    /** How long a folder found inside the roots is trusted before its real path is resolved again. */
    private static final long FOLDER_CHECK_NANOS = 1_000_000_000L;

    private final List<Path> lexical = new ArrayList<>();
    private final Map<Path, Long> folders = new ConcurrentHashMap<>();
    private final List<Path> real = new ArrayList<>();
    private final List<String> configured = new ArrayList<>();
    private final BucketRoots buckets;
    private final Base defaultBase;

    public DataRoots(List<String> roots) {
        List<ObjectAddress> prefixes = new ArrayList<>();
        for (String text : roots) {
            if (ObjectAddress.isAddress(text)) {
                try {
                    ObjectAddress prefix = ObjectAddress.parse(text.strip());
                    prefixes.add(new ObjectAddress(prefix.bucket(), prefix.folderPrefix()));
                    configured.add(prefixes.get(prefixes.size() - 1).toString());
                } catch (IllegalArgumentException e) {
                    throw new LocationException("datagen.data-roots", text, e.getMessage());
                }
                continue;
            }
            Path absolute = Path.of(text).toAbsolutePath().normalize();
            try {
                Files.createDirectories(absolute);
                lexical.add(absolute);
                real.add(absolute.toRealPath());
                configured.add(real.get(real.size() - 1).toString());
            } catch (IOException e) {
                throw new LocationException("datagen.data-roots", absolute.toString(),
                        "the folder cannot be created or read (" + LocationException.reason(e) + ")");
            }
        }
        buckets = new BucketRoots(prefixes);
        defaultBase = ObjectAddress.isAddress(configured.get(0))
                ? new Base.Prefix(ObjectAddress.parse(configured.get(0))) : new Base.Folder(real.get(0));
    }

    /** The roots as configured: real paths of the folders, {@code s3://bucket/prefix/} of the prefixes. */
    public List<String> roots() {
        return List.copyOf(configured);
    }

    /** The first folder root (the demo's): the one to write into. */
    public Path first() {
        if (real.isEmpty()) {
            throw new PathRefusedException(false, "no data root is a folder of this machine (all are s3:// prefixes)");
        }
        return real.get(0);
    }

    /** Whether an object lies inside a prefix root. */
    public boolean containsObject(ObjectAddress a) {
        return buckets.contains(a);
    }

    /** The prefix roots of an object store. */
    public List<ObjectAddress> buckets() {
        return buckets.roots();
    }

    /** What relative paths resolve against when no {@code baseDir} is given: the first root. */
    public Base defaultBase() {
        return defaultBase;
    }

    /** A {@code baseDir}: an {@code s3://} prefix inside a prefix root, else a folder inside a folder root. */
    public Base base(String text) {
        if (ObjectAddress.isAddress(text)) {
            ObjectAddress prefix;
            try {
                prefix = ObjectAddress.parse(text);
            } catch (IllegalArgumentException e) {
                throw new PathRefusedException(true, e.getMessage());
            }
            ObjectAddress folder = new ObjectAddress(prefix.bucket(), prefix.folderPrefix());
            if (!buckets.contains(new ObjectAddress(folder.bucket(), folder.key() + "x"))) {
                throw new PathRefusedException(true, Quote.of(text) + " is outside the data roots");
            }
            return new Base.Prefix(folder);
        }
        return new Base.Folder(resolveDirectory(text));
    }

    /**
     * Where an image a list file names is stored: an {@code s3://} address (given so, or a key relative to a
     * prefix base), else the real path of an existing regular file in a folder root.
     */
    public String resolveImage(Base base, String text) {
        if (ObjectAddress.isAddress(text) || (base instanceof Base.Prefix && !Path.of(text).isAbsolute())) {
            ObjectAddress at = base instanceof Base.Prefix p ? p.address() : null;
            if (at == null && !ObjectAddress.isAddress(text)) {
                throw new PathRefusedException(true, Quote.of(text) + " is not inside a data root");
            }
            return buckets.resolve(at, text).toString();
        }
        return resolveFile(base instanceof Base.Folder f ? f.path() : first(), text).toString();
    }

    /**
     * Resolves {@code text} (absolute, or relative to {@code base}) to the real path of an existing regular
     * file inside a root.
     */
    public Path resolveFile(Path base, String text) {
        Path real = resolve(base, text);
        if (!Files.isRegularFile(real)) {
            throw new PathRefusedException(false, Quote.of(text) + " is not a regular file");
        }
        return real;
    }

    /** Resolves a directory given absolute or relative to the first root. */
    public Path resolveDirectory(String text) {
        Path real = resolve(first(), text);
        if (!Files.isDirectory(real)) {
            throw new PathRefusedException(false, Quote.of(text) + " is not a directory");
        }
        return real;
    }

    /** A stored location as problems show it: a file relative to its root, an {@code s3://} address as it is. */
    public String display(String stored) {
        Path path = stored == null || ObjectAddress.isAddress(stored) ? null : Path.of(stored);
        return path == null ? stored
                : real.stream().filter(path::startsWith).findFirst().map(r -> r.relativize(path).toString()).orElse(stored);
    }

    /** Whether a real (symlink-free, absolute) path lies inside a root. */
    public boolean contains(Path realPath) {
        return real.stream().anyMatch(realPath::startsWith);
    }

    /**
     * Re-checks a path stored at registration before it is opened again: the file, or a folder on its way,
     * may have been replaced by a symlink since. The file itself is checked every time (one lstat, whose
     * attributes the caller can use); the folders above it, which change rarely and would otherwise cost a
     * realpath per image, are re-resolved at most once a second.
     */
    public Checked recheck(Path stored) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(stored, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            Path now = stored.toRealPath();
            if (!contains(now)) {
                throw new PathRefusedException(true, Quote.of(stored.toString()) + " now resolves outside the data roots");
            }
            return new Checked(now, regular(stored, Files.readAttributes(now, BasicFileAttributes.class)));
        }
        regular(stored, attributes);
        Path parent = stored.getParent();
        long now = System.nanoTime();
        Long checkedUntil = folders.get(parent);
        if (checkedUntil == null || checkedUntil - now < 0) {
            Path real = parent.toRealPath();
            if (!contains(real)) {
                folders.remove(parent);
                throw new PathRefusedException(true, Quote.of(stored.toString()) + " now resolves outside the data roots");
            }
            if (folders.size() > 100_000) {
                folders.clear();
            }
            folders.put(parent, now + FOLDER_CHECK_NANOS);
        }
        return new Checked(stored, attributes);
    }

    /**
     * Only regular files are images: a pipe, device or socket put in a sample's place could block whoever
     * opens it (the reader opens with O_NONBLOCK too, see {@code RegularFile}, for the file swapped in after
     * this check).
     */
    private static BasicFileAttributes regular(Path stored, BasicFileAttributes attributes) {
        if (!attributes.isRegularFile()) {
            throw new PathRefusedException(false, Quote.of(stored.toString()) + " is not a regular file (it is "
                    + (attributes.isDirectory() ? "a folder" : "a named pipe, device or socket") + ")");
        }
        return attributes;
    }

    /** A stored path found still inside the roots, with the file's attributes as they are now. */
    public record Checked(Path path, BasicFileAttributes attributes) {
    }

    private Path resolve(Path base, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                throw new PathRefusedException(true, "the path contains the control character U+"
                        + String.format("%04X", (int) c));
            }
        }
        if (text.isEmpty()) {
            throw new PathRefusedException(true, "the path is empty");
        }
        Path candidate;
        try {
            candidate = base.resolve(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new PathRefusedException(true, Quote.of(text) + " is not a valid path");
        }
        boolean lexicallyInside = lexical.stream().anyMatch(candidate::startsWith)
                || real.stream().anyMatch(candidate::startsWith);
        if (!lexicallyInside) {
            throw new PathRefusedException(true, Quote.of(text) + " is outside the data roots");
        }
        Path resolved;
        try {
            resolved = candidate.toRealPath();
        } catch (NoSuchFileException e) {
            throw new PathRefusedException(false, Quote.of(text) + " does not exist");
        } catch (IOException e) {
            throw new PathRefusedException(false, Quote.of(text) + " cannot be read");
        }
        if (!contains(resolved)) {
            throw new PathRefusedException(true, Quote.of(text) + " leads through a symlink outside the data roots");
        }
        return resolved;
    }
}
