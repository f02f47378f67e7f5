package dev.datagen.dataset;

import java.nio.file.Path;

import dev.datagen.objects.ObjectAddress;

/**
 * What the relative image paths of a registration resolve against ({@code baseDir}): a folder inside a local
 * data root, or a prefix inside an {@code s3://} root, whose relative paths are keys under it.
 */
public sealed interface Base permits Base.Folder, Base.Prefix {

    record Folder(Path path) implements Base {
        @Override
        public String toString() {
            return path.toString();
        }
    }

    /** @param address the prefix, its key empty or ending in {@code /} */
    record Prefix(ObjectAddress address) implements Base {
        public Prefix {
            address = new ObjectAddress(address.bucket(), address.folderPrefix());
        }

        @Override
        public String toString() {
            return address.toString();
        }
    }
}
