package grassroots.warehouse.regions;

/**
 * One row of the crosswalk: in years {@code fromYear}–{@code toYear} the code {@code code} stood for (a share
 * {@code weight} of) what today is {@code currentCode}. Codes without a mapping are today's codes.
 */
public record CodeMapping(String code, int fromYear, int toYear, String currentCode, double weight) {
}
