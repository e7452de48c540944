package grassroots.warehouse.returns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** A returns file's encoding is told from all of its bytes, read in blocks: characters cut by a block's end included. */
class DecodingTest {
    @TempDir
    Path dir;

    private Charset of(byte[] bytes) throws IOException {
        Path file = Files.write(dir.resolve("f" + System.nanoTime() + ".csv"), bytes);
        return Decoding.charsetOf(file);
    }

    /** {@code ascii} ASCII bytes, then {@code text} in {@code charset}, then more ASCII. */
    private static byte[] asciiThen(int ascii, String text, Charset charset) {
        byte[] head = new byte[ascii];
        Arrays.fill(head, (byte) '1');
        byte[] t = text.getBytes(charset);
        byte[] all = Arrays.copyOf(head, ascii + t.length + 10);
        System.arraycopy(t, 0, all, ascii, t.length);
        Arrays.fill(all, ascii + t.length, all.length, (byte) '\n');
        return all;
    }

    @Test
    void utf8CharactersAcrossABlocksEndAreUtf8() throws IOException {
        int block = 1 << 16;
        // a three-byte character (长) and a four-byte one (𠀀) starting at each position around the block's end
        for (String c : new String[]{"长", "\uD840\uDC00", "é"}) {
            for (int at = block - 4; at <= block + 1; at++) {
                assertEquals(StandardCharsets.UTF_8, of(asciiThen(at, "社区" + c + "居委会", StandardCharsets.UTF_8)), c + " at " + at);
            }
        }
    }

    @Test
    void gb18030AfterALongAsciiStartIsGb18030() throws IOException {
        assertEquals(Decoding.GB18030, of(asciiThen(200_000, "玄武区梅园新村街道", Decoding.GB18030)));
        assertEquals(Decoding.GB18030, of(asciiThen(10, "玄武区梅园新村街道", Decoding.GB18030)));
    }

    @Test
    void aFileEndingInsideACharacterIsNotUtf8() throws IOException {
        byte[] whole = asciiThen(100, "长", StandardCharsets.UTF_8);
        byte[] cut = Arrays.copyOf(whole, 102); // the first two of 长's three bytes
        assertEquals(Decoding.GB18030, of(cut));
        assertEquals(StandardCharsets.UTF_8, of(Arrays.copyOf(whole, 103)));
    }

    @Test
    void aStrayContinuationByteIsNotUtf8() throws IOException {
        byte[] bytes = asciiThen((1 << 16) - 1, "x", StandardCharsets.UTF_8);
        bytes[(1 << 16) - 2] = (byte) 0x80;
        assertEquals(Decoding.GB18030, of(bytes));
    }

    @Test
    void emptyAndBomFilesAreUtf8() throws IOException {
        assertEquals(StandardCharsets.UTF_8, of(new byte[0]));
        assertEquals(StandardCharsets.UTF_8, of(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', ',', 'b', '\n'}));
    }
}
