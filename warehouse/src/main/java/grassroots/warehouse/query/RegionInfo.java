package grassroots.warehouse.query;

/** A region as the warehouse knows it (from the snapshot's regions table). */
public record RegionInfo(String code, String name, String shortName, String level, String parentCode) {
}
