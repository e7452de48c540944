package grassroots.warehouse.catalog;

import grassroots.warehouse.Text;

/** A policy or statistical document the catalog cites (the texts are in shared/seeds/). */
public record Source(String id, Text title) {
}
