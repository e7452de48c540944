package grassroots.warehouse.catalog;

import grassroots.warehouse.Text;

/**
 * A plan target for an indicator: {@code value} by {@code year} in {@code scope} ("CN" for the nation or a region code),
 * set by {@code plan} (十二五 …) as stated in source document {@code source}.
 */
public record Target(String plan, String scope, int year, double value, String source, Text note) {
}
