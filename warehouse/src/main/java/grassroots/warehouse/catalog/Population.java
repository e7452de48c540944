package grassroots.warehouse.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import grassroots.warehouse.regions.Region;

import java.util.Locale;

/** Which regions of a form's grain an indicator counts: all of them, or only urban or only rural units. */
public enum Population {
    ALL, URBAN, RURAL;

    public boolean includes(Region r) {
        return switch (this) {
            case ALL -> true;
            case URBAN -> r.urban();
            case RURAL -> !r.urban();
        };
    }

    /** The same test in SQL over a table with a boolean column {@code urban}. */
    public String sql() {
        return switch (this) {
            case ALL -> "TRUE";
            case URBAN -> "urban";
            case RURAL -> "NOT urban";
        };
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Population ofId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
