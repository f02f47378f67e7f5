package dev.datagen.storage;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the health indicators look at in a folder. Writability is asked of the operating system (access(2)),
 * which also answers "no" on a read-only mount; no probe file is written into users' folders.
 *
 * @param free  usable bytes on the folder's file store; -1 when it cannot be read
 * @param total size of the file store; -1 when it cannot be read
 */
public record DirectoryState(Path path, boolean directory, boolean readable, boolean writable, long free, long total) {

    public static DirectoryState of(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        boolean directory = Files.isDirectory(absolute);
        long free = -1;
        long total = -1;
        if (directory) {
            try {
                FileStore store = Files.getFileStore(absolute);
                free = store.getUsableSpace();
                total = store.getTotalSpace();
            } catch (IOException e) {
                // reported as -1: the folder is there but its file store cannot be asked
            }
        }
        return new DirectoryState(absolute, directory, directory && Files.isReadable(absolute),
                directory && Files.isWritable(absolute), free, total);
    }

    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("path", path.toString());
        d.put("exists", directory);
        d.put("readable", readable);
        d.put("writable", writable);
        d.put("free", free);
        d.put("total", total);
        return d;
    }
}
