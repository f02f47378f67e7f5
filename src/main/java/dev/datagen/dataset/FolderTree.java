package dev.datagen.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.datagen.objects.ObjectAddress;
import dev.datagen.objects.ObjectStore;

/**
 * The folders of a {@code flow_from_directory} tree, wherever it lives: a local folder (symlinked folders
 * not followed), or a bucket prefix, whose "folders" are its common prefixes. Entries come in name order.
 */
interface FolderTree {

    /** An entry of a folder: a sub-folder, or a file with its location as stored. */
    record Entry(String name, String location, boolean folder) {
    }

    /** The entries directly inside {@code folder} (a location this tree gave, or the split folder's). */
    List<Entry> children(String folder) throws IOException;

    /** The tree of a split folder: {@code base} says whether it is local or in a bucket. */
    static FolderTree of(Base base, ObjectStore objects) {
        return base instanceof Base.Prefix ? new Bucket(objects) : new Local();
    }

    /** A folder of this machine. */
    final class Local implements FolderTree {
        @Override
        public List<Entry> children(String folder) throws IOException {
            try (Stream<Path> children = Files.list(Path.of(folder))) {
                return children.sorted().map(p -> new Entry(p.getFileName().toString(), p.toString(),
                        Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))).toList();
            }
        }
    }

    /** A prefix in a bucket; at most a million entries per level. */
    final class Bucket implements FolderTree {
        private static final int MAX_ENTRIES = 1_000_000;
        private final ObjectStore objects;

        Bucket(ObjectStore objects) {
            this.objects = objects;
        }

        @Override
        public List<Entry> children(String folder) throws IOException {
            ObjectAddress at = ObjectAddress.parse(folder);
            ObjectStore.Listing listing = objects.list(at.bucket(), at.folderPrefix(), MAX_ENTRIES);
            List<Entry> entries = new ArrayList<>();
            for (String prefix : listing.folders()) {
                entries.add(new Entry(new ObjectAddress(at.bucket(), prefix).name(), ObjectAddress.SCHEME + at.bucket()
                        + "/" + prefix, true));
            }
            for (String key : listing.keys()) {
                if (!key.endsWith("/")) {
                    entries.add(new Entry(new ObjectAddress(at.bucket(), key).name(), ObjectAddress.SCHEME + at.bucket()
                            + "/" + key, false));
                }
            }
            entries.sort(Comparator.comparing(Entry::location));
            return entries;
        }
    }
}
