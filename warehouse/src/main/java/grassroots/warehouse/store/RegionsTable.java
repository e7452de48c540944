package grassroots.warehouse.store;

import grassroots.warehouse.regions.CodeMapping;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.regions.Region;
import grassroots.warehouse.regions.RegionHierarchy;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Writes the hierarchy as {@code regions.parquet}: one row per region with its ancestors at every level
 * (a region's own level holds its own code), so that any roll-up is a GROUP BY on one column.
 */
public final class RegionsTable {
    private RegionsTable() {}

    /** The table's columns: a region, its ancestor at each level between the nation and the unit, its type and years. */
    public static final String COLUMNS = "code VARCHAR, name VARCHAR, official_name VARCHAR, short_name VARCHAR, level VARCHAR, "
            + "parent_code VARCHAR, " + Level.INTERMEDIATE.stream().map(l -> l.codeColumn() + " VARCHAR, ").collect(java.util.stream.Collectors.joining())
            + "urban BOOLEAN, unit_kind VARCHAR, pseudo BOOLEAN, administered BOOLEAN, valid_from INTEGER, valid_to INTEGER";

    /** Writes the snapshot's {@code regions.parquet} and {@code crosswalk.parquet}. */
    public static void write(RegionHierarchy hierarchy, Snapshot snapshot) {
        Path target = snapshot.regions();
        try (DuckDBConnection c = Duck.open()) {
            Duck.exec(c, "CREATE TABLE regions (" + COLUMNS + ")");
            try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "regions")) {
                for (Region r : hierarchy.all()) append(a, r);
            }
            Duck.exec(c, "CREATE TABLE crosswalk (code VARCHAR, from_year INTEGER, to_year INTEGER, current_code VARCHAR, weight DOUBLE)");
            try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "crosswalk")) {
                for (CodeMapping m : hierarchy.crosswalk()) {
                    a.beginRow();
                    a.append(m.code()).append(m.fromYear()).append(m.toYear()).append(m.currentCode()).append(m.weight());
                    a.endRow();
                }
            }
            Files.createDirectories(target.getParent());
            Duck.exec(c, "COPY (SELECT * FROM regions ORDER BY code) TO " + Duck.literal(target) + " (FORMAT parquet)");
            Duck.exec(c, "COPY (SELECT * FROM crosswalk ORDER BY code, from_year, current_code) TO "
                    + Duck.literal(snapshot.crosswalk()) + " (FORMAT parquet)");
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void append(DuckDBAppender a, Region r) throws SQLException {
        a.beginRow();
        a.append(r.code()).append(r.name()).append(r.officialName()).append(r.shortName()).append(r.level().id());
        nullable(a, r.parentCode());
        for (Level l : Level.INTERMEDIATE) {
            nullable(a, l.ordinal() <= r.level().ordinal() && r.level() != Level.NATION ? r.ancestor(l) : null);
        }
        if (r.kind() == null) a.appendNull().appendNull();
        else a.append(r.urban()).append(r.kind().name().toLowerCase(java.util.Locale.ROOT));
        a.append(r.pseudo()).append(r.administered()).append(r.validFrom()).append(r.validTo());
        a.endRow();
    }

    private static void nullable(DuckDBAppender a, String s) throws SQLException {
        if (s == null) a.appendNull();
        else a.append(s);
    }
}
