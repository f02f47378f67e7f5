package dev.datagen.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import dev.datagen.image.ImageCodec;
import dev.datagen.image.ImageFile;
import dev.datagen.objects.ObjectAddress;
import dev.datagen.objects.ObjectStore;

/**
 * The encoded bytes of a stored image, wherever it lives: a file in a folder root (checked again on every
 * read, see {@link DataRoots#recheck}), or an object under an {@code s3://} root. Each read comes with the
 * image's identity as read ({@link Stamp}), which the decoded-sample cache is stamped with, so a replaced file
 * or object is decoded again.
 */
@Component
public class ImageStore {

    /**
     * An image's identity: its size and a version (a file's modification time and inode; an object's ETag),
     * both as 64-bit numbers.
     */
    public record Stamp(long size, long version) {
    }

    /** Encoded bytes (position 0 to limit, the calling thread's buffer until its next read) and their stamp. */
    public record Encoded(ByteBuffer data, Stamp stamp) {
    }

    private final DataRoots roots;
    private final ObjectStore objects;
    private final long maxBytes;

    public ImageStore(DataRoots roots, ObjectStore objects, ImageCodec codec) {
        this.roots = roots;
        this.objects = objects;
        this.maxBytes = codec.maxFileBytes();
    }

    public ObjectStore objects() {
        return objects;
    }

    /** The largest encoded image read, in bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The image's identity as it is now: one lstat for a file, one HEAD for an object. */
    public Stamp stamp(String stored) throws IOException {
        if (ObjectAddress.isAddress(stored)) {
            return of(objects.head(confined(stored)));
        }
        return stamp(roots.recheck(Path.of(stored)).attributes());
    }

    /** Reads the whole image. */
    public Encoded read(String stored) throws IOException {
        if (ObjectAddress.isAddress(stored)) {
            return of(objects.get(confined(stored), maxBytes));
        }
        DataRoots.Checked checked = roots.recheck(Path.of(stored));
        ImageFile file = ImageFile.read(checked.path(), maxBytes);
        return new Encoded(file.data(), stamp(file.attributes()));
    }

    /** An object's bytes read ahead (on another thread), in this thread's buffer for decoding. */
    public static Encoded of(ObjectStore.Body body) {
        return new Encoded(ImageFile.direct(body.data()), of(body.head()));
    }

    /** An object's identity as a stamp. */
    public static Stamp of(ObjectStore.Head head) {
        return new Stamp(head.size(), version(head.etag()));
    }

    /** The address of a stored object, still inside the roots (they may have been narrowed since registration). */
    public ObjectAddress confined(String stored) {
        ObjectAddress a = ObjectAddress.parse(stored);
        if (!roots.containsObject(a)) {
            throw new PathRefusedException(true, stored + " is no longer inside the data roots");
        }
        return a;
    }

    /** Modification time and file key (device, inode) in one number: with the size, a file's identity. */
    private static Stamp stamp(BasicFileAttributes attrs) {
        return new Stamp(attrs.size(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS) * 31 + Objects.hashCode(attrs.fileKey()));
    }

    /** A 64-bit FNV-1a hash of the ETag: with the size, an object's identity. */
    static long version(String etag) {
        long h = 0xcbf29ce484222325L;
        for (byte b : String.valueOf(etag).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
