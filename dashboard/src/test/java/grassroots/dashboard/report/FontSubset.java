package grassroots.dashboard.report;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * How {@code report/fonts/NotoSansSC-Regular-subset.ttf} was made (by hand, not by the build): Noto Sans SC Regular
 * from the npm package {@code @expo-google-fonts/noto-sans-sc} 0.4.3 (SIL OFL 1.1), cut down with fontTools'
 * subsetter (Debian {@code python3-fonttools}) to the characters a report can hold, which this program lists: ASCII,
 * Latin-1, punctuation, CJK symbols, full-width forms, the 6,763 hanzi of GB 2312, and every character of the division
 * names and the catalog, in the Basic Multilingual Plane (PDFBox embeds subsets of BMP characters only).
 * <pre>
 * java FontSubset.java warehouse/src/main/resources/grassroots chars.txt
 * /usr/bin/python3 -m fontTools.subset NotoSansSC_400Regular.ttf --unicodes-file=chars.txt --no-hinting --layout-features= --drop-tables+=GSUB,GPOS \
 *     --output-file=NotoSansSC-Regular-subset.ttf
 * </pre>
 */
public final class FontSubset {
    public static void main(String[] args) throws Exception {
        TreeSet<Integer> cps = new TreeSet<>();
        range(cps, 0x20, 0x7E);
        range(cps, 0xA0, 0xFF);
        range(cps, 0x2000, 0x206F);
        range(cps, 0x2100, 0x22FF);
        range(cps, 0x2460, 0x24FF);
        range(cps, 0x25A0, 0x25FF);
        range(cps, 0x3000, 0x303F);
        range(cps, 0xFF00, 0xFFEF);
        CharsetEncoder gb2312 = Charset.forName("GB2312").newEncoder();
        for (int c = 0x4E00; c <= 0x9FFF; c++) if (gb2312.canEncode((char) c)) cps.add(c);
        try (var files = Files.walk(Path.of(args[0]))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.toString();
                if (name.endsWith(".csv.gz")) {
                    try (var in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f)), StandardCharsets.UTF_8))) {
                        in.lines().forEach(l -> l.codePoints().forEach(cps::add));
                    }
                } else if (name.endsWith(".yaml")) {
                    Files.readString(f).codePoints().forEach(cps::add);
                }
            }
        }
        cps.removeIf(c -> c > 0xFFFF || c < 0x20);
        Files.writeString(Path.of(args[1]), cps.stream().map(c -> String.format("U+%04X", c))
                .collect(java.util.stream.Collectors.joining("\n")) + "\n");
        System.out.println(cps.size() + " characters");
    }

    private static void range(TreeSet<Integer> cps, int from, int to) {
        for (int c = from; c <= to; c++) cps.add(c);
    }
}
