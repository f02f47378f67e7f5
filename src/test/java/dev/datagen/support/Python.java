package dev.datagen.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Python as a real client would: {@code python3} from the PATH (numpy 2) or Debian's
 * {@code /usr/bin/python3} (numpy 1.24 with PIL, installed by .ci/run).
 */
public final class Python {

    public static final String PATH_PYTHON = "python3";
    public static final String DEBIAN_PYTHON = "/usr/bin/python3";

    private Python() {
    }

    /** Runs {@code script} with {@code args} (as sys.argv[1:]) and returns its standard output. */
    public static String run(String python, String script, String... args) {
        try {
            Path file = Files.createTempFile("datagen-test", ".py");
            Files.writeString(file, script);
            List<String> command = new ArrayList<>(List.of(python, file.toString()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new AssertionError(python + " failed (" + p.exitValue() + "):\n" + new String(err)
                        + "\n" + new String(out));
            }
            Files.deleteIfExists(file);
            return new String(out).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
