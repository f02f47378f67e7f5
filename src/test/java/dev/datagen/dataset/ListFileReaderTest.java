package dev.datagen.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ListFileReaderTest {

    private static ListFileReader reader(String text, int max) {
        return new ListFileReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
    }

    @Test
    void readsStrippedLinesWithCrLfAndBomAndTrailingBlankLines() throws IOException {
        ListFileReader r = reader("\uFEFFa.png\r\n  b.png \n\n\n", 100);
        assertThat(r.next()).isEqualTo("a.png");
        assertThat(r.next()).isEqualTo("b.png");
        assertThat(r.lineNumber()).isEqualTo(2);
        assertThat(r.next()).isNull();
    }

    @Test
    void lastLineWithoutNewlineCounts() throws IOException {
        ListFileReader r = reader("a\nb", 100);
        assertThat(r.next()).isEqualTo("a");
        assertThat(r.next()).isEqualTo("b");
        assertThat(r.next()).isNull();
    }

    @Test
    void blankLineInTheMiddleIsRefusedWithItsNumber() throws IOException {
        ListFileReader r = reader("a\n\nb\n", 100);
        assertThat(r.next()).isEqualTo("a");
        assertThatThrownBy(r::next).isInstanceOfSatisfying(ListFileReader.LineException.class,
                e -> assertThat(e.line()).isEqualTo(2));
    }

    @Test
    void overlongLineIsRefusedWithoutBufferingIt() {
        // a 100 MB line, produced lazily: the reader must stop at the limit
        InputStream endless = new InputStream() {
            long left = 100L << 20;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }
        };
        ListFileReader r = new ListFileReader(endless, 1024);
        assertThatThrownBy(r::next).isInstanceOfSatisfying(ListFileReader.LineException.class, e -> {
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.getMessage()).contains("longer than 1024");
        });
    }

    @Test
    void binaryGarbageIsRefusedAsNotUtf8() {
        byte[] garbage = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, 0, 1, 2};
        ListFileReader r = new ListFileReader(new ByteArrayInputStream(garbage), 100);
        assertThatThrownBy(r::next).hasMessageContaining("not UTF-8");
    }

    @Test
    void emptyFileHasNoLines() throws IOException {
        assertThat(reader("", 10).next()).isNull();
        assertThat(reader("\n\n", 10).next()).isNull();
    }
}
