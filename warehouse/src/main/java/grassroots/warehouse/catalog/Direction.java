package grassroots.warehouse.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Which way an indicator improves: ranks, trend arrows and target gaps read it. */
public enum Direction {
    HIGHER_IS_BETTER, LOWER_IS_BETTER;

    public boolean higherIsBetter() {
        return this == HIGHER_IS_BETTER;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Direction ofId(String id) {
        for (Direction d : values()) if (d.id().equals(id)) return d;
        throw new IllegalArgumentException("unknown direction '" + id + "' (higher_is_better, lower_is_better)");
    }
}
