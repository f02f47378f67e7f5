package dev.datagen.image;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * An image file opened for reading only if it is a regular file, without ever blocking on the open.
 *
 * <p>Why: a path checked at registration may later be replaced by a named pipe, a device or a socket.
 * {@code open(2)} of a FIFO for reading blocks until a writer appears, and a blocked image worker stalls
 * every batch of every dataset behind it. So the file is opened with {@code O_NONBLOCK | O_NOFOLLOW}
 * through the C library (JNA, which the service already uses for TurboJPEG), its type is read from the
 * opened descriptor ({@code /proc/self/fd/N}), and only a regular file is read, through a channel on that
 * same descriptor. Where the C library or {@code /proc} is missing (not Linux), the type is checked on the
 * path just before a plain open, which narrows the window without closing it.
 */
public final class RegularFile implements Closeable {

    private static final int O_RDONLY = 0;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_NOFOLLOW = 0x20000;
    private static final int O_CLOEXEC = 0x80000;
    private static final int ENOENT = 2;
    private static final int ENXIO = 6;
    private static final int EACCES = 13;
    private static final int ENOTDIR = 20;
    private static final int ELOOP = 40;
    private static final Charset PATH_CHARSET = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

    interface LibC extends Library {
        int open(byte[] path, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final LibC LIBC = load();

    private final FileChannel channel;
    private final BasicFileAttributes attributes;

    private RegularFile(FileChannel channel, BasicFileAttributes attributes) {
        this.channel = channel;
        this.attributes = attributes;
    }

    private static LibC load() {
        if (!Files.isDirectory(Path.of("/proc/self/fd"))) {
            return null;
        }
        try {
            return (LibC) Native.loadLibrary("c", LibC.class);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return null;
        }
    }

    /**
     * Opens {@code path} (a real path: a symlink in its last component is refused) for reading.
     *
     * @throws NoSuchFileException when it does not exist
     * @throws NotRegularException when it is a pipe, device, socket, folder or symlink
     * @throws IOException         when it cannot be opened
     */
    public static RegularFile open(Path path) throws IOException {
        return LIBC != null ? openNative(path) : openPlain(path);
    }

    private static RegularFile openNative(Path path) throws IOException {
        byte[] name = path.toString().getBytes(PATH_CHARSET);
        int fd;
        try {
            fd = LIBC.open(Arrays.copyOf(name, name.length + 1), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw switch (e.getErrorCode()) {
                case ENOENT, ENOTDIR -> new NoSuchFileException(path.toString());
                case EACCES -> new AccessDeniedException(path.toString());
                case ENXIO -> new NotRegularException("a socket");
                case ELOOP -> new NotRegularException("a symbolic link");
                default -> new IOException("open failed with errno " + e.getErrorCode());
            };
        }
        try {
            // the descriptor's own file: whatever the path names by now, this is what was opened
            Path opened = Path.of("/proc/self/fd/" + fd);
            BasicFileAttributes attributes = Files.readAttributes(opened, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new NotRegularException(kind(attributes));
            }
            return new RegularFile(FileChannel.open(opened, StandardOpenOption.READ), attributes);
        } finally {
            LIBC.close(fd);
        }
    }

    private static RegularFile openPlain(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            throw new NotRegularException(kind(attributes));
        }
        return new RegularFile(FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS), attributes);
    }

    static String kind(BasicFileAttributes attributes) {
        return attributes.isDirectory() ? "a folder" : attributes.isSymbolicLink() ? "a symbolic link"
                : "a named pipe, device or socket";
    }

    /** Size, modification time and file key (device and inode) of the file that was opened. */
    public BasicFileAttributes attributes() {
        return attributes;
    }

    public long size() {
        return attributes.size();
    }

    public FileChannel channel() {
        return channel;
    }

    /** Reads the whole file into {@code buffer} from its position; false if the file ended early. */
    public boolean readFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** The path names something other than a regular file. */
    public static final class NotRegularException extends IOException {

        NotRegularException(String kind) {
            super("not a regular file (it is " + kind + ")");
        }
    }
}
