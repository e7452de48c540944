package grassroots.warehouse.query.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import grassroots.warehouse.Text;
import grassroots.warehouse.query.Workbench;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a parsed query (DuckDB's {@code json_serialize_sql} output) may run in the workbench, by allow-list:
 * every node of the tree is visited, and only known node kinds with known fields, the workbench's views (unqualified),
 * the query's own WITH names and functions that {@link FunctionPolicy} allows pass. Anything else, including a node kind
 * or field a DuckDB upgrade adds, is refused with its name in Chinese and English.
 */
public final class SqlAllowList {
    private static final Set<String> COMMON_EXPRESSION_KEYS = Set.of("class", "type", "alias", "query_location");
    private static final Set<String> COMMON_TABLE_KEYS = Set.of("type", "alias", "sample", "query_location");
    private static final Set<String> OPERATORS = Set.of("OPERATOR_NOT", "OPERATOR_IS_NULL", "OPERATOR_IS_NOT_NULL",
            "OPERATOR_COALESCE", "OPERATOR_TRY", "COMPARE_IN", "COMPARE_NOT_IN", "ARRAY_EXTRACT", "ARRAY_SLICE",
            "STRUCT_EXTRACT", "ARRAY_CONSTRUCTOR", "OPERATOR_NULLIF", "GROUPING_FUNCTION");
    private static final Set<String> COMPARISONS = Set.of("COMPARE_EQUAL", "COMPARE_NOTEQUAL", "COMPARE_LESSTHAN",
            "COMPARE_GREATERTHAN", "COMPARE_LESSTHANOREQUALTO", "COMPARE_GREATERTHANOREQUALTO", "COMPARE_DISTINCT_FROM",
            "COMPARE_NOT_DISTINCT_FROM");

    private final Set<String> views = new TreeSet<>();
    private final FunctionPolicy policy;

    public SqlAllowList(Collection<String> views, FunctionPolicy policy) {
        for (String v : views) this.views.add(v.toLowerCase(Locale.ROOT));
        this.policy = policy;
    }

    /** Throws {@link Workbench.Refused} unless the serialised statement only reads the views with allowed functions. */
    public void check(JsonNode serialized) {
        new Walk().root(serialized);
    }

    /** One check: the WITH names in scope while walking down the tree. */
    private final class Walk {
        private final Deque<Set<String>> scopes = new ArrayDeque<>();

        void root(JsonNode root) {
            keys(root, "statement list", "error", "statements");
            JsonNode statements = root.path("statements");
            if (!statements.isArray() || statements.size() != 1) {
                throw new Workbench.Refused(Text.of("一次只能执行一条查询语句", "exactly one statement at a time"));
            }
            statement(statements.get(0));
        }

        /** A whole SELECT: its query node, without parameters (nothing may be bound from outside). */
        void statement(JsonNode s) {
            keys(s, "statement", "node", "named_param_map");
            if (s.path("named_param_map").size() > 0) unsupported("query parameters");
            queryNode(s.get("node"));
        }

        void queryNode(JsonNode n) {
            String type = n == null ? "" : n.path("type").asText();
            switch (type) {
                case "SELECT_NODE" -> {
                    keys(n, type, "type", "modifiers", "cte_map", "select_list", "from_table", "where_clause",
                            "group_expressions", "group_sets", "aggregate_handling", "having", "sample", "qualify");
                    withCtes(n, () -> {
                        // FROM first: its WITH names and views are what the rest of the node reads
                        table(n.get("from_table"));
                        expressions(n.get("select_list"));
                        expression(n.get("where_clause"));
                        expressions(n.get("group_expressions"));
                        expression(n.get("having"));
                        expression(n.get("qualify"));
                        sample(n.get("sample"));
                        modifiers(n.get("modifiers"));
                    });
                }
                case "SET_OPERATION_NODE" -> {
                    keys(n, type, "type", "modifiers", "cte_map", "left", "right", "children", "setop_all", "setop_type");
                    withCtes(n, () -> {
                        if (n.has("left")) queryNode(n.get("left"));
                        if (n.has("right")) queryNode(n.get("right"));
                        for (JsonNode c : n.path("children")) queryNode(c);
                        modifiers(n.get("modifiers"));
                    });
                }
                case "RECURSIVE_CTE_NODE" -> {
                    keys(n, type, "type", "modifiers", "cte_map", "cte_name", "union_all", "left", "right", "aliases", "key_targets");
                    withCtes(n, () -> {
                        queryNode(n.get("left")); // the anchor cannot see the name it defines
                        scopes.push(Set.of(lower(n.path("cte_name").asText())));
                        try {
                            queryNode(n.get("right"));
                            expressions(n.get("key_targets"));
                        } finally {
                            scopes.pop();
                        }
                        modifiers(n.get("modifiers"));
                    });
                }
                default -> unsupported(type.isEmpty() ? "query node" : type);
            }
        }

        /**
         * WITH names: each definition sees the names defined before it (a recursive one also sees itself, inside its
         * RECURSIVE_CTE_NODE); the node's body sees them all.
         */
        void withCtes(JsonNode n, Runnable body) {
            JsonNode map = n.path("cte_map");
            if (!map.isMissingNode()) keys(map, "WITH", "map");
            Set<String> defined = new HashSet<>();
            scopes.push(defined);
            try {
                for (JsonNode entry : map.path("map")) {
                    keys(entry, "WITH entry", "key", "value");
                    JsonNode cte = entry.get("value");
                    keys(cte, "WITH entry", "aliases", "query", "materialized", "key_targets");
                    statement(cte.get("query"));
                    expressions(cte.get("key_targets"));
                    defined.add(lower(entry.path("key").asText()));
                }
                body.run();
            } finally {
                scopes.pop();
            }
        }

        void modifiers(JsonNode list) {
            for (JsonNode m : iterate(list)) modifier(m);
        }

        void modifier(JsonNode m) {
            if (m == null || m.isNull()) return;
            String type = m.path("type").asText();
            switch (type) {
                case "LIMIT_MODIFIER", "LIMIT_PERCENT_MODIFIER" -> {
                    keys(m, type, "type", "limit", "offset");
                    expression(m.get("limit"));
                    expression(m.get("offset"));
                }
                case "ORDER_MODIFIER" -> {
                    keys(m, type, "type", "orders");
                    orders(m.get("orders"));
                }
                case "DISTINCT_MODIFIER" -> {
                    keys(m, type, "type", "distinct_on_targets");
                    expressions(m.get("distinct_on_targets"));
                }
                default -> unsupported(type);
            }
        }

        void orders(JsonNode list) {
            for (JsonNode o : iterate(list)) {
                keys(o, "ORDER BY", "type", "null_order", "expression");
                expression(o.get("expression"));
            }
        }

        void sample(JsonNode s) {
            if (s != null && !s.isNull()) keys(s, "SAMPLE", "is_percentage", "method", "sample_size", "seed");
        }

        // ---- FROM ---------------------------------------------------------------------------------------------------

        void table(JsonNode t) {
            if (t == null || t.isNull()) return;
            String type = t.path("type").asText();
            switch (type) {
                case "EMPTY" -> keys(t, type, COMMON_TABLE_KEYS);
                case "BASE_TABLE" -> {
                    keys(t, type, COMMON_TABLE_KEYS, "schema_name", "table_name", "catalog_name", "column_name_alias", "at_clause");
                    baseTable(t);
                }
                case "SUBQUERY" -> {
                    keys(t, type, COMMON_TABLE_KEYS, "subquery", "column_name_alias");
                    statement(t.get("subquery"));
                }
                case "JOIN" -> {
                    keys(t, type, COMMON_TABLE_KEYS, "left", "right", "condition", "join_type", "ref_type", "using_columns",
                            "delim_flipped", "duplicate_eliminated_columns");
                    table(t.get("left"));
                    table(t.get("right"));
                    expression(t.get("condition"));
                    expressions(t.get("duplicate_eliminated_columns"));
                }
                case "TABLE_FUNCTION" -> {
                    keys(t, type, COMMON_TABLE_KEYS, "function", "column_name_alias", "with_ordinality");
                    tableFunction(t.get("function"));
                }
                case "EXPRESSION_LIST" -> {
                    keys(t, type, COMMON_TABLE_KEYS, "values", "expected_names", "expected_types");
                    for (JsonNode row : iterate(t.get("values"))) expressions(row);
                    for (JsonNode ty : iterate(t.get("expected_types"))) type(ty);
                }
                case "PIVOT" -> {
                    keys(t, type, COMMON_TABLE_KEYS, "source", "aggregates", "unpivot_names", "pivots", "groups",
                            "column_name_alias", "include_nulls");
                    table(t.get("source"));
                    expressions(t.get("aggregates"));
                    for (JsonNode p : iterate(t.get("pivots"))) {
                        keys(p, "PIVOT", "pivot_expressions", "unpivot_names", "entries", "pivot_enum");
                        if (!p.path("pivot_enum").asText("").isEmpty()) unsupported("PIVOT over an ENUM type");
                        expressions(p.get("pivot_expressions"));
                        for (JsonNode e : iterate(p.get("entries"))) {
                            keys(e, "PIVOT IN", "values", "star_expr", "alias");
                            expression(e.get("star_expr"));
                        }
                    }
                }
                case "SHOW_REF" -> {
                    // SUMMARIZE and DESCRIBE of a query; SHOW TABLES and the like name catalog objects instead
                    keys(t, type, COMMON_TABLE_KEYS, "table_name", "query", "show_type", "catalog_name", "schema_name");
                    String show = t.path("show_type").asText();
                    if (!(show.equals("SUMMARY") || show.equals("DESCRIBE")) || !t.path("table_name").asText("").isEmpty()
                            || t.path("query").isNull() || t.path("query").isMissingNode()
                            || !t.path("schema_name").asText("").isEmpty() || !t.path("catalog_name").asText("").isEmpty()) {
                        throw new Workbench.Refused(Text.of("只能对视图或查询使用 SUMMARIZE / DESCRIBE，不能列出数据库对象",
                                "SUMMARIZE and DESCRIBE work on the views or a query; listing database objects (SHOW) is not allowed"));
                    }
                    queryNode(t.get("query"));
                }
                default -> unsupported(type.isEmpty() ? "FROM item" : type);
            }
            sample(t.get("sample"));
        }

        void baseTable(JsonNode t) {
            String name = t.path("table_name").asText();
            String schema = t.path("schema_name").asText("");
            String catalog = t.path("catalog_name").asText("");
            if (!schema.isEmpty() || !catalog.isEmpty()) {
                refuseTable(String.join(".", catalog.isEmpty() ? schema : catalog + "." + schema, name));
            }
            if (!t.path("at_clause").isNull() && !t.path("at_clause").isMissingNode()) unsupported("AT (time travel)");
            String key = lower(name);
            if (views.contains(key)) return;
            for (Set<String> scope : scopes) if (scope.contains(key)) return;
            refuseTable(name);
        }

        void tableFunction(JsonNode f) {
            if (f == null || !"FUNCTION".equals(f.path("class").asText())) unsupported("table function");
            String name = f.path("function_name").asText();
            if (!f.path("schema").asText("").isEmpty() || !f.path("catalog").asText("").isEmpty()) refuseFunction(qualified(f), "qualified name");
            String why = policy.refusalAsTable(name);
            if (why != null) refuseFunction(name, why);
            functionArguments(f);
        }

        // ---- expressions --------------------------------------------------------------------------------------------

        void expressions(JsonNode list) {
            for (JsonNode e : iterate(list)) expression(e);
        }

        void expression(JsonNode e) {
            if (e == null || e.isNull()) return;
            String cls = e.path("class").asText();
            String type = e.path("type").asText();
            switch (cls) {
                case "FUNCTION" -> {
                    if (!type.equals("FUNCTION")) unsupported(type);
                    String name = e.path("function_name").asText();
                    // the parser itself writes main.list_value for [1, 2]; any other qualification is refused
                    String schema = e.path("schema").asText("");
                    if (!(schema.isEmpty() || schema.equals("main")) || !e.path("catalog").asText("").isEmpty()) {
                        refuseFunction(qualified(e), "qualified name");
                    }
                    String why = policy.refusalInExpression(name);
                    if (why != null) refuseFunction(name, why);
                    functionArguments(e);
                }
                case "WINDOW" -> {
                    keys(e, type, COMMON_EXPRESSION_KEYS, "function_name", "schema", "catalog", "children", "partitions",
                            "orders", "start", "end", "start_expr", "end_expr", "offset_expr", "default_expr", "ignore_nulls",
                            "filter_expr", "exclude_clause", "distinct", "arg_orders");
                    if (!type.startsWith("WINDOW_")) unsupported(type);
                    String name = e.path("function_name").asText();
                    if (!e.path("schema").asText("").isEmpty() || !e.path("catalog").asText("").isEmpty()) refuseFunction(qualified(e), "qualified name");
                    String why = policy.refusalInExpression(name);
                    if (why != null) refuseFunction(name, why);
                    expressions(e.get("children"));
                    expressions(e.get("partitions"));
                    orders(e.get("orders"));
                    orders(e.get("arg_orders"));
                    for (String k : new String[]{"start_expr", "end_expr", "offset_expr", "default_expr", "filter_expr"}) expression(e.get(k));
                }
                case "CAST" -> {
                    keys(e, type, COMMON_EXPRESSION_KEYS, "child", "cast_type", "try_cast");
                    expression(e.get("child"));
                    type(e.get("cast_type"));
                }
                case "COLLATE" -> {
                    keys(e, type, COMMON_EXPRESSION_KEYS, "child", "collation");
                    expression(e.get("child"));
                }
                case "CASE" -> {
                    keys(e, type, COMMON_EXPRESSION_KEYS, "case_checks", "else_expr");
                    for (JsonNode c : iterate(e.get("case_checks"))) {
                        keys(c, "CASE WHEN", "when_expr", "then_expr");
                        expression(c.get("when_expr"));
                        expression(c.get("then_expr"));
                    }
                    expression(e.get("else_expr"));
                }
                case "BETWEEN" -> {
                    keys(e, type, COMMON_EXPRESSION_KEYS, "input", "lower", "upper");
                    expression(e.get("input"));
                    expression(e.get("lower"));
                    expression(e.get("upper"));
                }
                case "COMPARISON" -> {
                    keys(e, type, COMMON_EXPRESSION_KEYS, "left", "right");
                    if (!COMPARISONS.contains(type)) unsupported(type);
                    expression(e.get("left"));
                    expression(e.get("right"));
                }
                case "CONJUNCTION" -> {
                    keys(e, type, COMMON_EXPRESSION_KEYS, "children");
                    if (!(type.equals("CONJUNCTION_AND") || type.equals("CONJUNCTION_OR"))) unsupported(type);
                    expressions(e.get("children"));
                }
                case "OPERATOR" -> {
                    keys(e, type, COMMON_EXPRESSION_KEYS, "children");
                    if (!OPERATORS.contains(type)) unsupported(type);
                    expressions(e.get("children"));
                }
                case "CONSTANT" -> keys(e, type, COMMON_EXPRESSION_KEYS, "value"); // a value is data, never a name
                case "COLUMN_REF" -> keys(e, type, COMMON_EXPRESSION_KEYS, "column_names"); // only reaches the FROM clause
                case "POSITIONAL_REFERENCE" -> keys(e, type, COMMON_EXPRESSION_KEYS, "index");
                case "LAMBDA" -> {
                    keys(e, type, COMMON_EXPRESSION_KEYS, "lhs", "expr");
                    expression(e.get("lhs"));
                    expression(e.get("expr"));
                }
                case "STAR" -> {
                    keys(e, type, COMMON_EXPRESSION_KEYS, "relation_name", "exclude_list", "replace_list", "columns", "expr",
                            "qualified_exclude_list", "rename_list");
                    for (JsonNode r : iterate(e.get("replace_list"))) {
                        keys(r, "REPLACE", "key", "value");
                        expression(r.get("value"));
                    }
                    expression(e.get("expr"));
                }
                case "SUBQUERY" -> {
                    keys(e, type, COMMON_EXPRESSION_KEYS, "subquery", "subquery_type", "child", "comparison_type");
                    statement(e.get("subquery"));
                    expression(e.get("child"));
                }
                default -> unsupported(cls.isEmpty() ? "expression" : cls + " " + type);
            }
        }

        void functionArguments(JsonNode f) {
            keys(f, f.path("function_name").asText("function"), COMMON_EXPRESSION_KEYS, "function_name", "schema", "catalog",
                    "children", "filter", "order_bys", "distinct", "is_operator", "export_state");
            expressions(f.get("children"));
            expression(f.get("filter"));
            modifier(f.get("order_bys"));
        }

        /** A type named in a CAST or VALUES: built-in types only (a qualified name would reach the catalog). */
        void type(JsonNode t) {
            if (t == null || t.isNull()) return;
            keys(t, "type", "id", "type_info");
            JsonNode info = t.get("type_info");
            if (info == null || info.isNull()) return;
            String kind = info.path("type").asText();
            switch (kind) {
                case "DECIMAL_TYPE_INFO" -> keys(info, kind, "type", "alias", "extension_info", "width", "scale");
                case "LIST_TYPE_INFO" -> {
                    keys(info, kind, "type", "alias", "extension_info", "child_type");
                    type(info.get("child_type"));
                }
                case "ARRAY_TYPE_INFO" -> {
                    keys(info, kind, "type", "alias", "extension_info", "child_type", "size");
                    type(info.get("child_type"));
                }
                case "STRUCT_TYPE_INFO" -> {
                    keys(info, kind, "type", "alias", "extension_info", "child_types");
                    for (JsonNode c : iterate(info.get("child_types"))) {
                        keys(c, kind, "first", "second");
                        type(c.get("second"));
                    }
                }
                case "UNBOUND_TYPE_INFO" -> {
                    keys(info, kind, "type", "alias", "extension_info", "name", "schema", "catalog", "user_type_modifiers");
                    if (!info.path("schema").asText("").isEmpty() || !info.path("catalog").asText("").isEmpty()) {
                        unsupported("type " + info.path("schema").asText() + "." + info.path("name").asText());
                    }
                }
                default -> unsupported(kind);
            }
            JsonNode extension = info.get("extension_info");
            if (extension != null && !extension.isNull()) unsupported("extension type");
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------------

    private static Iterable<JsonNode> iterate(JsonNode list) {
        if (list == null || list.isNull()) return java.util.List.of();
        if (!list.isArray()) unsupported("list");
        return list;
    }

    /** Fails closed: a field this walker does not know could hold something it would not look at. */
    private static void keys(JsonNode o, String what, Set<String> common, String... allowed) {
        if (o == null || !o.isObject()) unsupported(what);
        Set<String> known = Set.of(allowed);
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!common.contains(k) && !known.contains(k)) unsupported(what + "." + k);
        }
    }

    private static void keys(JsonNode o, String what, String... allowed) {
        keys(o, what, Set.of(), allowed);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static String qualified(JsonNode f) {
        String catalog = f.path("catalog").asText(""), schema = f.path("schema").asText("");
        return (catalog.isEmpty() ? "" : catalog + ".") + (schema.isEmpty() ? "" : schema + ".") + f.path("function_name").asText();
    }

    private void refuseTable(String name) {
        String list = String.join(", ", views);
        throw new Workbench.Refused(Text.of(
                "不能读取 " + name + "：只能读取工作台的视图(" + list + ")和查询自己在 WITH 中定义的名称，不能带库名或模式名，也不能直接读取文件",
                "cannot read " + name + ": only the workbench's views (" + list + ") and the query's own WITH names can be read, "
                        + "unqualified; files cannot be read directly"));
    }

    private static void refuseFunction(String name, String why) {
        throw new Workbench.Refused(Text.of(
                "不允许使用函数 " + name + "：工作台只允许不接触文件、设置、日志、密钥、扩展或系统状态的函数",
                "the function " + name + " is not allowed (" + why + "): the workbench allows only functions that touch "
                        + "no files, settings, logs, secrets, extensions or system state"));
    }

    private static void unsupported(String what) {
        throw new Workbench.Refused(Text.of("工作台不支持这种查询结构：" + what, "the workbench does not accept this construct: " + what));
    }
}
