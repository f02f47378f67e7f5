package dev.datagen.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Python script running as a trainer runs (python3 from the PATH, the Python client of
 * {@code clients/python} on its PYTHONPATH), whose standard output a test follows line by line while it
 * runs: to act at a given point of the training (kill a replica, say), then to check how it ended. Closing
 * it kills the script if it still runs (a test that failed half-way), as does the end of the test's JVM.
 */
public final class PythonProcess implements AutoCloseable {

    private final Process process;
    private final Path stderr;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private final Thread killAtExit;

    private PythonProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.killAtExit = new Thread(process::destroyForcibly, "python-kill-at-exit");
        Runtime.getRuntime().addShutdownHook(killAtExit);
        this.reader = new Thread(this::read, "python-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code script} with {@code args}; its standard error goes to {@code stderr}. */
    public static PythonProcess start(Path script, Path stderr, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Python.PATH_PYTHON, script.toAbsolutePath().toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderr.toFile());
        pb.environment().put("PYTHONPATH", Path.of("clients", "python").toAbsolutePath().toString());
        try {
            return new PythonProcess(pb.start(), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process is gone; finish() says how it ended
        }
    }

    /** Waits (at most {@code timeout}) for the first line, written so far or to come, that {@code wanted} accepts. */
    public String await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (String line : lines) {
                    if (wanted.test(line)) {
                        return line;
                    }
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("the script " + (process.isAlive() ? "is still running" : "ended")
                            + " without the line expected; it wrote:\n" + String.join("\n", lines) + "\n" + errors());
                }
                lines.wait(100);
            }
        }
    }

    /** The last line written so far that {@code wanted} accepts, or "" when there is none. */
    public String last(Predicate<String> wanted) {
        synchronized (lines) {
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (wanted.test(lines.get(i))) {
                    return lines.get(i);
                }
            }
            return "";
        }
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Waits for the end: a non-zero status (an error that reached the script's loop) fails the test. */
    public void finish(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the script did not finish in " + timeout + ":\n" + errors());
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(process.exitValue()).as("the script's exit status; it wrote:\n" + String.join("\n", lines())
                + "\n" + errors()).isZero();
    }

    /** Kills the script if it is still running. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            Runtime.getRuntime().removeShutdownHook(killAtExit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
    }

    /** What the script wrote to its standard error so far (a traceback, say). */
    public String errors() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
