package dev.datagen.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux says about a process in {@code /proc/<pid>/status}. */
public final class Proc {

    private Proc() {
    }

    /** A numeric field of {@code /proc/<pid>/status} (VmRSS, VmHWM, RssAnon, Threads...): kB for sizes. */
    public static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(field + " is not in /proc/" + pid + "/status");
    }
}
