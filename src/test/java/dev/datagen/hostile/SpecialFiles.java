package dev.datagen.hostile;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files that are not images, put where an image was: pipes, sockets, folders, huge sparse files. */
final class SpecialFiles {

    private SpecialFiles() {
    }

    /** Replaces {@code file} by {@code kind}: {@code fifo}, {@code socket}, {@code folder} or {@code sparse:<bytes>}. */
    static void replace(Path file, String kind) throws IOException {
        Files.deleteIfExists(file);
        switch (kind.replaceFirst(":.*", "")) {
            case "fifo" -> fifo(file);
            case "socket" -> socket(file);
            case "folder" -> Files.createDirectory(file);
            case "sparse" -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
                    f.setLength(Long.parseLong(kind.substring(7)));
                }
            }
            default -> throw new IllegalArgumentException("unknown special file '" + kind + "'");
        }
    }

    /**
     * Binds a socket at {@code file}, then leaves it: the socket file stays, with nobody accepting on it. A socket's
     * address holds at most 107 bytes, less than a clone's path can be, so it is bound through a short link to the
     * file's folder.
     */
    private static void socket(Path file) throws IOException {
        Path link = Files.createTempDirectory(Path.of("/tmp"), "sock").resolve("d");
        Files.createSymbolicLink(link, file.toAbsolutePath().getParent());
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(link.resolve(file.getFileName())));
        } finally {
            Files.delete(link);
            Files.delete(link.getParent());
        }
    }

    static void fifo(Path file) throws IOException {
        Process mk = new ProcessBuilder("mkfifo", file.toString()).start();
        try {
            if (mk.waitFor() != 0) {
                throw new IOException("mkfifo failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
