package grassroots.warehouse.regions;

import java.util.List;
import java.util.Map;

/** A change of division codes, as declared in {@code grassroots/regions/changes.yaml}. */
record RegionChange(String kind, int year, OldRegion old, String into, List<String> units, String from,
                    @com.fasterxml.jackson.annotation.JsonProperty("new") String newCode, Map<String, Double> weights) {

    record OldRegion(String code, String name) {}
}
