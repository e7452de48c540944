package grassroots.warehouse.catalog;

import grassroots.warehouse.Text;

import java.util.List;

/**
 * {@code catalog/reporting.yaml}: the first year a return may be for, and the levels of the hierarchy, top to bottom,
 * with the length of their division codes and the names the pages show.
 */
public record Reporting(int firstYear, List<LevelDeclaration> levels) {

    public Reporting {
        levels = levels == null ? List.of() : List.copyOf(levels);
    }

    /**
     * One level as declared: its id, its codes' length (0 for the nation, whose code is CN), its name as a level
     * ("省级", "Provinces") and its regions' name inside a sentence ("省份", "provinces").
     */
    public record LevelDeclaration(String id, int digits, Text name, Text plural) {}
}
