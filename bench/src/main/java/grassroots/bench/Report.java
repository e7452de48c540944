package grassroots.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bench's results: the headline figures, each next to its goal, and the detail behind them. Printed as a table
 * and written into {@code docs/BENCHMARKS.md} between markers of its scale, so the hand-written analysis around them
 * stays.
 */
final class Report {
    /** A figure and, where the issue sets one, its goal and whether it was met. */
    record Figure(String step, String measure, String value, String goal, Boolean met) {
        static Figure of(String step, String measure, String value) {
            return new Figure(step, measure, value, "", null);
        }
    }

    private final String scale;
    private final List<String> context = new ArrayList<>();
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> details = new ArrayList<>();

    Report(String scale) {
        this.scale = scale;
    }

    void context(String line) { context.add(line); }

    void add(Figure f) { figures.add(f); }

    /** A detail section (Markdown: a heading and a table or list). */
    void detail(String markdown) { details.add(markdown); }

    List<Figure> figures() { return figures; }

    String table() {
        String[] head = {"step", "measure", "value", "goal", "met"};
        List<String[]> rows = new ArrayList<>();
        for (Figure f : figures) rows.add(new String[]{f.step(), f.measure(), f.value(), f.goal(), mark(f.met())});
        int[] width = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            width[i] = head[i].length();
            for (String[] r : rows) width[i] = Math.max(width[i], r[i].length());
        }
        StringBuilder out = new StringBuilder();
        out.append(line(head, width)).append('\n');
        StringBuilder rule = new StringBuilder();
        for (int w : width) rule.append("-".repeat(w)).append("  ");
        out.append(rule.toString().stripTrailing()).append('\n');
        for (String[] r : rows) out.append(line(r, width)).append('\n');
        return out.toString();
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("### Results: ").append(scale).append(" scale\n\n");
        for (String c : context) md.append("- ").append(c).append('\n');
        md.append("\n| step | measure | value | goal | met |\n|---|---|---:|---|:-:|\n");
        for (Figure f : figures) {
            md.append("| ").append(f.step()).append(" | ").append(f.measure()).append(" | ").append(f.value()).append(" | ")
                    .append(f.goal()).append(" | ").append(mark(f.met())).append(" |\n");
        }
        for (String d : details) md.append('\n').append(d.strip()).append('\n');
        return md.toString();
    }

    /** Replaces this scale's section of the document (or appends one), leaving everything else as it is. */
    void writeInto(Path document) {
        String begin = "<!-- bench:" + scale + " (written by ./grassroots bench; edits inside are overwritten) -->";
        String end = "<!-- /bench:" + scale + " -->";
        try {
            String doc = Files.exists(document) ? Files.readString(document) : "# Benchmarks\n";
            String section = begin + "\n" + markdown() + end;
            int from = doc.indexOf(begin), to = doc.indexOf(end);
            doc = from >= 0 && to > from ? doc.substring(0, from) + section + doc.substring(to + end.length())
                    : doc.stripTrailing() + "\n\n" + section + "\n";
            Files.createDirectories(document.toAbsolutePath().getParent());
            Files.writeString(document, doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + document, e);
        }
    }

    private static String mark(Boolean met) {
        return met == null ? "" : met ? "yes" : "NO";
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) b.append(String.format(Locale.ROOT, "%-" + width[i] + "s  ", cells[i]));
        return b.toString().stripTrailing();
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, s < 10 ? "%.2f s" : "%.1f s", s);
    }

    static String gib(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
    }

    static String ms(double ms) {
        return String.format(Locale.ROOT, ms < 10 ? "%.2f ms" : "%.1f ms", ms);
    }
}
