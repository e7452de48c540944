package grassroots.warehouse.query.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import grassroots.warehouse.query.Workbench;
import grassroots.warehouse.store.Duck;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The walker fails closed: a node kind or field it does not know is refused, whatever it holds. */
class SqlAllowListTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static DuckDBConnection db;
    static final SqlAllowList allowList = new SqlAllowList(List.of("jc1", "Regions"), FunctionPolicy.standard());

    @BeforeAll
    static void open() {
        db = Duck.open();
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
    }

    static JsonNode parse(String sql) throws Exception {
        try (PreparedStatement ps = db.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
            ps.setString(1, sql);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return JSON.readTree(rs.getString(1));
            }
        }
    }

    static String refusal(JsonNode tree) {
        return assertThrows(Workbench.Refused.class, () -> allowList.check(tree)).text().en();
    }

    @Test
    void acceptsViewsCaseInsensitivelyAndItsOwnWithNames() throws Exception {
        allowList.check(parse("WITH x AS (SELECT * FROM JC1) SELECT * FROM x JOIN regions USING (year)"));
        allowList.check(parse("SELECT * FROM (WITH y AS (SELECT 1) SELECT * FROM y)"));
    }

    @Test
    void withNamesDoNotLeakOutOfTheirScope() throws Exception {
        assertTrue(refusal(parse("SELECT * FROM (WITH y AS (SELECT 1) SELECT * FROM y), y")).contains("cannot read y"));
        assertTrue(refusal(parse("WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a")).contains("cannot read b"));
    }

    @Test
    void unknownNodeKindsAndFieldsAreRefused() throws Exception {
        JsonNode tree = parse("SELECT unit_code FROM jc1 WHERE population > 1");
        allowList.check(tree);

        JsonNode unknownNode = tree.deepCopy();
        ((ObjectNode) unknownNode.path("statements").get(0).path("node")).put("type", "SOME_FUTURE_NODE");
        assertTrue(refusal(unknownNode).contains("SOME_FUTURE_NODE"));

        JsonNode unknownField = tree.deepCopy();
        ((ObjectNode) unknownField.path("statements").get(0).path("node").path("where_clause")).put("hidden", "x");
        assertTrue(refusal(unknownField).contains("hidden"));

        JsonNode unknownTable = tree.deepCopy();
        ((ObjectNode) unknownTable.path("statements").get(0).path("node").path("from_table")).put("type", "COLUMN_DATA");
        assertTrue(refusal(unknownTable).contains("COLUMN_DATA"));

        JsonNode unknownExpression = tree.deepCopy();
        ((ObjectNode) unknownExpression.path("statements").get(0).path("node").path("where_clause")).put("class", "PARAMETER");
        assertTrue(refusal(unknownExpression).contains("PARAMETER"));
    }
}
