package dev.datagen.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


class DataRootsTest {

    @TempDir
    Path tmp;
    Path root;
    Path outside;
    DataRoots roots;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(root.resolve("a.png"), "x");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(outside.resolve("secret.png"), "x");
        roots = new DataRoots(List.of(root.toString()));
    }

    private void refusedAsNotAllowed(Path base, String text) {
        assertThatThrownBy(() -> roots.resolveFile(base, text)).as(text)
                .isInstanceOfSatisfying(PathRefusedException.class, e -> assertThat(e.notAllowed()).isTrue());
    }

    @Test
    void resolvesRelativeAndAbsolutePathsInsideTheRoot() throws IOException {
        assertThat(roots.resolveFile(root, "a.png")).isEqualTo(root.toRealPath().resolve("a.png"));
        assertThat(roots.resolveFile(root.resolve("sub"), "../a.png")).isEqualTo(root.toRealPath().resolve("a.png"));
        assertThat(roots.resolveFile(tmp, root.resolve("a.png").toString())).isEqualTo(root.toRealPath().resolve("a.png"));
    }

    @Test
    void refusesTraversalOutOfTheRoot() {
        refusedAsNotAllowed(root, "../../etc/passwd");
        refusedAsNotAllowed(root, "../outside/secret.png");
        refusedAsNotAllowed(root, "sub/../../outside/secret.png");
        refusedAsNotAllowed(root, "/etc/passwd");
        refusedAsNotAllowed(root, outside.resolve("secret.png").toString());
    }

    @Test
    void doesNotTellWhetherAFileOutsideExists() {
        assertThatThrownBy(() -> roots.resolveFile(root, "../outside/missing.png"))
                .hasMessageContaining("outside the data roots");
    }

    @Test
    void refusesASymlinkThatEscapes() throws IOException {
        Files.createSymbolicLink(root.resolve("link.png"), outside.resolve("secret.png"));
        Files.createSymbolicLink(root.resolve("linkdir"), outside);
        refusedAsNotAllowed(root, "link.png");
        refusedAsNotAllowed(root, "linkdir/secret.png");
    }

    @Test
    void followsASymlinkThatStaysInside() throws IOException {
        Files.createSymbolicLink(root.resolve("alias.png"), root.resolve("a.png"));
        assertThat(roots.resolveFile(root, "alias.png")).isEqualTo(root.toRealPath().resolve("a.png"));
    }

    @Test
    void aRootThatIsASymlinkIsComparedByItsRealLocation() throws IOException {
        Path linkedRoot = Files.createSymbolicLink(tmp.resolve("linked-root"), root);
        DataRoots viaLink = new DataRoots(List.of(linkedRoot.toString()));
        assertThat(viaLink.resolveFile(linkedRoot, "a.png")).isEqualTo(root.toRealPath().resolve("a.png"));
        assertThatThrownBy(() -> viaLink.resolveFile(linkedRoot, "../outside/secret.png"))
                .isInstanceOf(PathRefusedException.class);
    }

    @Test
    void refusesControlCharactersAndNulBytes() {
        refusedAsNotAllowed(root, "a\u0000.png");
        refusedAsNotAllowed(root, "a\u0007.png");
        refusedAsNotAllowed(root, "a\u007f.png");
    }

    @Test
    void urlEncodedTraversalIsJustAFileName() {
        assertThatThrownBy(() -> roots.resolveFile(root, "..%2F..%2Fetc%2Fpasswd"))
                .isInstanceOfSatisfying(PathRefusedException.class, e -> assertThat(e.notAllowed()).isFalse())
                .hasMessageContaining("does not exist");
    }

    @Test
    void missingFileInsideIsNotAllowedButSaysSo() {
        assertThatThrownBy(() -> roots.resolveFile(root, "missing.png"))
                .isInstanceOfSatisfying(PathRefusedException.class, e -> assertThat(e.notAllowed()).isFalse())
                .hasMessageContaining("does not exist");
    }

    @Test
    void recheckCatchesAFileSwappedForAnEscapingSymlinkAfterRegistration() throws IOException {
        Path real = roots.resolveFile(root, "a.png");
        Files.delete(real);
        Files.createSymbolicLink(real, outside.resolve("secret.png"));
        assertThatThrownBy(() -> roots.recheck(real)).isInstanceOf(PathRefusedException.class);
    }

    @Test
    void recheckCatchesAFolderSwappedForAnEscapingSymlinkWithinASecond() throws Exception {
        Files.writeString(root.resolve("sub").resolve("b.png"), "x");
        Path real = roots.resolveFile(root, "sub/b.png");
        assertThat(roots.recheck(real).path()).isEqualTo(real);
        Path moved = Files.move(root.resolve("sub"), tmp.resolve("moved"));
        Files.writeString(outside.resolve("b.png"), "secret");
        Files.createSymbolicLink(root.resolve("sub"), outside);
        Thread.sleep(1100);
        assertThatThrownBy(() -> roots.recheck(real)).isInstanceOf(PathRefusedException.class);
        assertThat(moved).exists();
    }
}
