package grassroots.warehouse.returns;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells a returns file's text encoding: UTF-8 (with or without BOM) when its bytes are valid UTF-8, otherwise GB18030
 * (a superset of GBK, what Excel on Chinese Windows writes). The whole file is checked, streamed in blocks (a GB18030
 * file may start with ASCII lines), and nothing of it is kept. Decoding ourselves, rather than through Spark's CSV
 * charset option, also sidesteps Spark 4's refusal of GB18030.
 */
public final class Decoding {
    private Decoding() {}

    public static final Charset GB18030 = Charset.forName("GB18030");

    public static Charset charsetOf(Path file) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        try (InputStream s = Files.newInputStream(file)) {
            for (int n; (n = s.read(in.array(), in.position(), in.remaining())) >= 0; ) {
                in.position(in.position() + n);
                in.flip();
                CoderResult r = utf8.decode(in, out, false);
                if (r.isError()) return GB18030;
                out.clear();
                in.compact();
            }
            in.flip();
            CoderResult r = utf8.decode(in, out, true);
            if (r.isError() || utf8.flush(out).isError()) return GB18030;
        }
        return StandardCharsets.UTF_8;
    }

    /** Skips a UTF-8 byte order mark at the start of the stream, if there is one. */
    public static InputStream withoutBom(InputStream in) throws IOException {
        java.io.PushbackInputStream p = new java.io.PushbackInputStream(in, 3);
        byte[] head = new byte[3];
        int n = p.readNBytes(head, 0, 3);
        boolean bom = n == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF;
        if (!bom && n > 0) p.unread(head, 0, n);
        return p;
    }
}
