package grassroots.warehouse.catalog;

import grassroots.warehouse.Text;

/**
 * A plan target for an indicator: {@code value} by {@code year} in {@code scope} ("CN" for the nation or a region code),
 * set by {@code plan} (十二五 …) as stated in source document {@code source}. {@code basicallyAchieved}, when declared,
 * is the value from which the target counts as 基本实现 (basically achieved) in the target year; without it a target is
 * only achieved or missed.
 */
public record Target(String plan, String scope, int year, double value, String source, Text note, Double basicallyAchieved) {
}
