package grassroots.etl.input;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a returns file's bytes into text: UTF-8 (with or without BOM) when the bytes are valid UTF-8, otherwise
 * GB18030 (a superset of GBK, what Excel on Chinese Windows writes). Decoding ourselves, rather than through Spark's
 * CSV charset option, also sidesteps Spark 4's refusal of GB18030.
 */
public final class Decoding {
    private Decoding() {}

    public static final Charset GB18030 = Charset.forName("GB18030");

    public record Decoded(String text, Charset charset) {}

    public static Decoded decode(byte[] bytes) {
        int offset = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString();
            return new Decoded(text, StandardCharsets.UTF_8);
        } catch (CharacterCodingException notUtf8) {
            return new Decoded(new String(bytes, GB18030), GB18030);
        }
    }
}
