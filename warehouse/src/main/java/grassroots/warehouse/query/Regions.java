package grassroots.warehouse.query;

import grassroots.warehouse.regions.Region;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The regions of the snapshot: one by its code, a region's children and its ancestors. */
final class Regions {
    private static final String REGION = Sql.load("region");
    private static final String CHILDREN = Sql.fill(Sql.load("children"), Map.of("open_end", String.valueOf(Region.OPEN_END)));

    private final Sql sql;

    Regions(Sql sql) {
        this.sql = sql;
    }

    Optional<RegionInfo> region(String code) {
        List<RegionInfo> out = new ArrayList<>();
        sql.query(REGION, List.of(code), rs -> out.add(read(rs)));
        return out.stream().findFirst();
    }

    /** The region's children that exist today, by code. */
    List<RegionInfo> children(String code) {
        List<RegionInfo> out = new ArrayList<>();
        sql.query(CHILDREN, List.of(code), rs -> out.add(read(rs)));
        return out;
    }

    /** The region's ancestors, nation first. */
    List<RegionInfo> ancestors(String code) {
        List<RegionInfo> chain = new ArrayList<>();
        Optional<RegionInfo> r = region(code);
        while (r.isPresent() && r.get().parentCode() != null) {
            r = region(r.get().parentCode());
            r.ifPresent(p -> chain.add(0, p));
        }
        return chain;
    }

    private static RegionInfo read(ResultSet rs) throws SQLException {
        return new RegionInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
    }
}
