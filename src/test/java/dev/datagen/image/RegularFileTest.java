package dev.datagen.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegularFileTest {

    @TempDir
    Path dir;

    @Test
    void aNamedPipeIsRefusedAtOnceInsteadOfBlockingUntilAWriterComes() throws Exception {
        Path fifo = dir.resolve("image.png");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor()).isZero();

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> RegularFile.open(fifo))
                .isInstanceOf(RegularFile.NotRegularException.class)
                .hasMessage("not a regular file (it is a named pipe, device or socket)"));
    }

    @Test
    void aSocketAFolderAndASymlinkAreRefused() throws IOException {
        Path socket = dir.resolve("socket.png");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(socket));
        }
        Path folder = Files.createDirectory(dir.resolve("folder.png"));
        Path link = Files.createSymbolicLink(dir.resolve("link.png"), Files.writeString(dir.resolve("real.png"), "x"));

        for (Path p : new Path[] {socket, folder, link}) {
            assertThatThrownBy(() -> RegularFile.open(p)).as(p.toString())
                    .isInstanceOf(RegularFile.NotRegularException.class).hasMessageStartingWith("not a regular file");
        }
        assertThatThrownBy(() -> RegularFile.open(dir.resolve("missing.png"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aRegularFileIsReadWholeWithTheAttributesItsPathHas() throws IOException {
        byte[] content = new byte[300_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        Path file = Files.write(dir.resolve("photo.jpg"), content);

        try (RegularFile opened = RegularFile.open(file)) {
            ByteBuffer buffer = ByteBuffer.allocate(content.length);
            assertThat(opened.readFully(buffer)).isTrue();
            assertThat(buffer.array()).isEqualTo(content);
            // the decoded-sample cache stamps with these: they must be the path's own, so a cache hit checked
            // by lstat matches an entry written after a decode
            BasicFileAttributes byPath = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            assertThat(opened.size()).isEqualTo(content.length);
            assertThat(opened.attributes().fileKey()).isEqualTo(byPath.fileKey());
            assertThat(opened.attributes().lastModifiedTime()).isEqualTo(byPath.lastModifiedTime());
        }
    }
}
