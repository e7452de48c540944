package grassroots.warehouse.query.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which of DuckDB's functions researchers' SQL may call, read from {@code grassroots/sandbox/functions.tsv}: every
 * function {@code duckdb_functions()} lists, with its type, a verdict and the reason. A name that is not in the file is
 * refused, so a function a DuckDB upgrade adds stays unusable until someone has classified it.
 */
public final class FunctionPolicy {
    public static final String RESOURCE = "/grassroots/sandbox/functions.tsv";

    /** One classified function: {@code type} is duckdb_functions()' function_type (scalar, aggregate, macro, table…). */
    public record Entry(String name, String type, boolean allowed, String reason) {}

    /** Kinds callable inside an expression, and in a FROM clause. */
    private static final Set<String> EXPRESSION_TYPES = Set.of("scalar", "aggregate", "macro", "special");
    private static final Set<String> TABLE_TYPES = Set.of("table", "table_macro");

    private static volatile FunctionPolicy standard;

    private final List<Entry> entries;
    private final Map<String, List<Entry>> byName = new HashMap<>();

    private FunctionPolicy(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        for (Entry e : entries) byName.computeIfAbsent(e.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(e);
    }

    /** The product's classification (the resource file). */
    public static FunctionPolicy standard() {
        FunctionPolicy p = standard;
        if (p == null) {
            try (InputStream in = FunctionPolicy.class.getResourceAsStream(RESOURCE)) {
                if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
                standard = p = read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }

    /** Reads a classification: tab-separated name, type, allowed|denied, reason; lines starting with # are comments. */
    public static FunctionPolicy read(InputStream in) throws IOException {
        List<Entry> entries = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        boolean header = true;
        for (String line; (line = r.readLine()) != null; ) {
            if (line.isBlank() || line.startsWith("#")) continue;
            if (header) { // the column names
                header = false;
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 4 || !(f[2].equals("allowed") || f[2].equals("denied"))) {
                throw new IllegalStateException("bad line in the function classification: " + line);
            }
            entries.add(new Entry(f[0], f[1], f[2].equals("allowed"), f[3]));
        }
        return new FunctionPolicy(entries);
    }

    public List<Entry> entries() { return Collections.unmodifiableList(entries); }

    /** Null when {@code name} may be called in an expression (scalar, aggregate, window, macro); else why not. */
    public String refusalInExpression(String name) {
        return refusal(name, EXPRESSION_TYPES);
    }

    /** Null when {@code name} may be called in a FROM clause (a table function); else why not. */
    public String refusalAsTable(String name) {
        return refusal(name, TABLE_TYPES);
    }

    /** Allowed only when the name is classified under one of the types and every such classification allows it. */
    private String refusal(String name, Set<String> types) {
        List<Entry> matching = byName.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()).stream()
                .filter(e -> types.contains(e.type())).toList();
        if (matching.isEmpty()) return "not a function the workbench knows";
        // the built-in's reason reads better than a compatibility macro's of the same name (current_query)
        Entry denied = matching.stream().filter(e -> !e.allowed())
                .min(java.util.Comparator.comparing(e -> e.type().endsWith("macro"))).orElse(null);
        return denied == null ? null : denied.reason();
    }
}
