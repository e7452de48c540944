package grassroots.sample;

import grassroots.warehouse.regions.Level;
import grassroots.warehouse.regions.Region;
import grassroots.warehouse.regions.RegionHierarchy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The statistical model behind the sample returns. Every unit has a fixed latent propensity per trait; a trait is present
 * in year t when the propensity is below σ(a_t + b·z_province + county effect). z is the province's development level
 * (log GDP per capita, standardised), so richer eastern provinces lead and western ones trail; a_t is solved for each
 * year so that the national share meets the published trajectory (DOMAIN.md §4). Because a_t rises over time, a unit
 * that has a facility keeps it: the panel improves steadily, as real returns do.
 */
final class SampleModel {
    /** The trajectories below start in the first reporting year ({@code catalog/reporting.yaml}) and hold this many years. */
    static final int YEARS = 15;
    static final int FIRST = grassroots.warehouse.catalog.Catalog.standard().firstYear(), LAST = FIRST + YEARS - 1;
    private static final double COUNTY_SD = 0.35;

    /** A yes/no trait of a unit (or township), with its national trajectories (15 years from the first reporting year) in % for urban and rural units. */
    enum Trait {
        // Urban: 69.2% end-2012, 79.3% 2016, 83.8% 2019; rural 48.8% 2019 (seeds 000, 003); 十二五 target 90% missed.
        FACILITY(0.9, new double[]{65.0, 69.2, 72.0, 74.6, 77.0, 79.3, 80.9, 82.4, 83.8, 86.0, 88.0, 89.8, 91.5, 93.0, 94.5},
                new double[]{18.0, 22.0, 26.0, 30.0, 34.0, 39.0, 42.5, 45.8, 48.8, 53.0, 57.0, 61.0, 65.0, 68.5, 72.0}),
        // 64% of communities with a consultation council (2016, 2019); 85% of villages with meeting systems.
        CONSULTATION(0.6, new double[]{30, 36, 43, 50, 57, 64.0, 64.3, 64.6, 64.9, 67, 70, 73, 76, 78, 80},
                new double[]{72, 75, 78, 81, 83, 85.0, 85.2, 85.4, 85.6, 86.5, 88, 89, 90, 91, 92}),
        // 98% of villages with a village charter (2016).
        CHARTER(0.5, new double[]{78, 81, 84, 87, 90, 92, 93, 94, 95, 96, 96.5, 97, 97.5, 98, 98.5},
                new double[]{88, 91, 93, 95, 96.8, 98.0, 98.3, 98.5, 98.7, 98.9, 99.1, 99.3, 99.4, 99.5, 99.6}),
        SUPERVISION(0.5, new double[]{55, 62, 68, 73, 78, 83, 86, 89, 91, 93, 95, 96, 97, 98, 98.5},
                new double[]{55, 62, 68, 73, 78, 83, 86, 89, 91, 93, 95, 96, 97, 98, 98.5}),
        /** Facility meets 30 m² per 100 households (among units with a facility); Jiangsu ≈ 85% in 2020. */
        AREA_STANDARD(0.8, new double[]{45, 48, 51, 54, 57, 60, 63, 66, 69, 72, 75, 77, 79, 81, 83},
                new double[]{45, 48, 51, 54, 57, 60, 63, 66, 69, 72, 75, 77, 79, 81, 83}),
        /** Share of grid cells with a grid worker (a rate, drawn per cell). */
        GRID_STAFFED(0.7, new double[]{40, 45, 50, 56, 62, 68, 74, 80, 85, 89, 92, 94, 96, 97, 98},
                new double[]{40, 45, 50, 56, 62, 68, 74, 80, 85, 89, 92, 94, 96, 97, 98}),
        /** Township social work stations: Guangdong's pilots from 2017, national drive from 2020, 十四五 target 100%. */
        STATION(1.0, new double[]{0.5, 0.8, 1.2, 1.8, 2.5, 3.5, 5, 8, 12, 20, 38, 58, 74, 85, 92}, null);

        final double slope;
        final double[] urban, rural;

        Trait(double slope, double[] urban, double[] rural) {
            this.slope = slope;
            this.urban = urban;
            this.rural = rural == null ? urban : rural;
        }

        double target(boolean isUrban, int year) {
            return (isUrban ? urban : rural)[index(year)] / 100.0;
        }
    }

    /** Certified social workers per 10k residents, national (≈ 4.5 in 2020; Jiangsu 8 in 2020, seed 002). */
    static final double[] SOCIAL_WORKERS = {0.6, 0.8, 1.0, 1.3, 1.6, 2.0, 2.5, 3.0, 3.7, 4.5, 5.2, 5.9, 6.5, 7.1, 7.7};
    /** Registered volunteers per 10k (37.41M nationally in 2019 ≈ 267 per 10k, seed 003). */
    static final double[] VOLUNTEERS = {60, 80, 100, 125, 150, 180, 210, 240, 267, 300, 330, 360, 390, 420, 450};
    /** Community social organisations per 10k. */
    static final double[] SOCIAL_ORGS = {3.0, 3.5, 4.0, 4.5, 5.0, 5.8, 6.5, 7.2, 7.8, 8.5, 9.0, 9.6, 10.1, 10.6, 11.0};
    /** Share of units whose return is missing, before the province's own tendency (2020, the census year, was pushed). */
    static final double[] MISSING = {3.0, 2.6, 2.2, 1.8, 1.4, 1.0, 0.9, 0.8, 0.7, 0.3, 0.5, 0.4, 0.3, 0.25, 0.2};

    static int index(int year) {
        return Math.max(0, Math.min(LAST - FIRST, year - FIRST));
    }

    final long seed;
    final Map<String, ProvinceProfile> profiles;
    private final Map<String, Double> development = new HashMap<>();
    /** Σ of the units' population weights per province and group (key "32u" / "32r"), to scale to the census. */
    private final Map<String, Double> weightSums = new HashMap<>();
    /** a_t per trait (by ordinal), group and year, solved at construction. */
    private final double[][][] offsets = new double[Trait.values().length][][];
    /**
     * Per county, for each trait, the two terms of its propensity that do not change: slope × the province's z and the
     * county's effect (kept apart, so that they add up in the same order as computed each time).
     */
    private final Map<String, double[]> countyTerms = new java.util.concurrent.ConcurrentHashMap<>();

    SampleModel(RegionHierarchy hierarchy, Map<String, ProvinceProfile> profiles, long seed) {
        this.seed = seed;
        this.profiles = profiles;
        double mean = profiles.values().stream().mapToDouble(p -> Math.log(p.gdpPerCapita())).average().orElse(0);
        double sd = Math.sqrt(profiles.values().stream()
                .mapToDouble(p -> Math.pow(Math.log(p.gdpPerCapita()) - mean, 2)).average().orElse(1));
        profiles.values().forEach(p -> development.put(p.code(), (Math.log(p.gdpPerCapita()) - mean) / sd));

        // Per county: how many urban, rural units and townships, to calibrate against the whole nation at once.
        Map<String, int[]> counties = new HashMap<>();
        for (Region r : hierarchy.current()) {
            if (!r.administered()) continue;
            if (r.level() == Level.UNIT) {
                counties.computeIfAbsent(r.ancestor(Level.COUNTY), k -> new int[3])[r.urban() ? 0 : 1]++;
                weightSums.merge(groupKey(r), populationWeight(r), Double::sum);
            } else if (r.level() == Level.TOWNSHIP) {
                counties.computeIfAbsent(r.ancestor(Level.COUNTY), k -> new int[3])[2]++;
            }
        }
        List<Map.Entry<String, int[]>> countyList = new ArrayList<>(counties.entrySet());
        // the bisections are independent of one another: side by side (each gives the same a_t as alone)
        int years = LAST - FIRST + 1;
        for (Trait trait : Trait.values()) offsets[trait.ordinal()] = new double[2][years];
        java.util.stream.IntStream.range(0, Trait.values().length * 2 * years).parallel().forEach(k -> {
            Trait trait = Trait.values()[k / (2 * years)];
            int g = k / years % 2, y = FIRST + k % years;
            offsets[trait.ordinal()][g][y - FIRST] = solve(trait, g == 0, y, countyList);
        });
    }

    /** Bisection for a_t: the expected national share over reporting units equals the trajectory's target. */
    private double solve(Trait trait, boolean urban, int year, List<Map.Entry<String, int[]>> counties) {
        double target = trait.target(urban, year);
        int column = trait == Trait.STATION ? 2 : urban ? 0 : 1;
        // each county's weight and fixed terms (see propensity), taken once rather than in each of 60 iterations
        double[] w = new double[counties.size()], slopeTerm = new double[w.length], countyTerm = new double[w.length];
        int m = 0;
        for (Map.Entry<String, int[]> c : counties) {
            int n = c.getValue()[column];
            if (n == 0) continue;
            w[m] = n * (1 - missingRate(c.getKey().substring(0, 2), year));
            double[] terms = countyTerms(c.getKey());
            slopeTerm[m] = terms[2 * trait.ordinal()];
            countyTerm[m++] = terms[2 * trait.ordinal() + 1];
        }
        double lo = -20, hi = 20;
        for (int iter = 0; iter < 60; iter++) {
            double a = (lo + hi) / 2, sum = 0, weight = 0;
            for (int i = 0; i < m; i++) {
                sum += w[i] * Noise.sigmoid(propensity(a, slopeTerm[i], countyTerm[i]));
                weight += w[i];
            }
            if (sum / weight < target) lo = a;
            else hi = a;
        }
        return (lo + hi) / 2;
    }

    double z(String province) {
        return development.getOrDefault(province, 0.0);
    }

    double countyEffect(String countyCode, Trait trait) {
        return COUNTY_SD * Noise.normal(Noise.key(seed, Long.parseLong(countyCode), 7, trait.ordinal()));
    }

    /** The probability that a unit (or township) of the county whose {@link #countyTerms} these are has {@code trait} in {@code year}. */
    double probability(Trait trait, double[] countyTerms, boolean urban, int year) {
        double a = offsets[trait.ordinal()][trait == Trait.STATION || urban ? 0 : 1][index(year)];
        return Noise.sigmoid(propensity(a, countyTerms[2 * trait.ordinal()], countyTerms[2 * trait.ordinal() + 1]));
    }

    /** a + slope × z(province) + the county's effect: the terms after a computed once per county (millions of calls). */
    private static double propensity(double a, double slopeTerm, double countyTerm) {
        return a + slopeTerm + countyTerm;
    }

    /** Per trait, slope × z(province) and the county's effect. */
    double[] countyTerms(String countyCode) {
        return countyTerms.computeIfAbsent(countyCode, county -> {
            Trait[] traits = Trait.values();
            double[] t = new double[2 * traits.length];
            for (Trait tr : traits) {
                t[2 * tr.ordinal()] = tr.slope * z(county.substring(0, 2));
                t[2 * tr.ordinal() + 1] = countyEffect(county, tr);
            }
            return t;
        });
    }

    /** A unit's trait: its fixed latent propensity against this year's probability (so traits persist). */
    boolean has(Trait trait, long code, String countyCode, boolean urban, int year) {
        return has(trait, code, countyTerms(countyCode), urban, year);
    }

    boolean has(Trait trait, long code, double[] countyTerms, boolean urban, int year) {
        return Noise.uniform(Noise.key(seed, code, 11, trait.ordinal())) < probability(trait, countyTerms, urban, year);
    }

    double missingRate(String province, int year) {
        double tendency = Math.max(0.3, Math.min(2.0, 1 - 0.4 * z(province)));
        return MISSING[index(year)] / 100.0 * tendency;
    }

    boolean missing(long code, String province, int year) {
        return missing(code, year, missingRate(province, year));
    }

    /** The same, for a caller that holds the province's {@link #missingRate}. */
    boolean missing(long code, int year, double missingRate) {
        return Noise.uniform(Noise.key(seed, code, year, 13)) < missingRate;
    }

    private static String groupKey(Region unit) {
        return groupKey(unit.ancestor(Level.PROVINCE), unit.urban());
    }

    private static String groupKey(String province, boolean urban) {
        return province + (urban ? "u" : "r");
    }

    private double populationWeight(Region unit) {
        return populationWeight(Long.parseLong(unit.code()));
    }

    private double populationWeight(long code) {
        return Math.exp(0.6 * Noise.normal(Noise.key(seed, code, 3, 0)));
    }

    /**
     * A province's urban or rural units, whose census population their population weights share: a unit's resident
     * population in 2020 is its share of the group's.
     */
    final class Group {
        private final double population, weightSum;

        Group(String province, boolean urban) {
            ProvinceProfile p = profiles.get(province);
            double share = urban ? p.urbanisation() / 100 : 1 - p.urbanisation() / 100;
            population = p.population() * 1e6 * share;
            weightSum = weightSums.get(groupKey(province, urban));
        }

        /** The 2020 population of the group's unit {@code code}. */
        double population2020(long code) {
            return population * populationWeight(code) / weightSum;
        }
    }

    /** Urban units grow and rural ones shrink as people move to towns. */
    static double populationGrowth(boolean urban, int year) {
        return Math.exp((urban ? 0.018 : -0.017) * (year - 2020));
    }

    /**
     * A per-10k density for a province and year: the national trajectory scaled by development, or the province's
     * published anchor when it has one for that year (scaled along the trajectory in other years).
     */
    double density(double[] national, double elasticity, String indicator, String province, int year) {
        ProvinceProfile p = profiles.get(province);
        Double anchor = p.anchor(indicator, 2020);
        double multiplier = anchor != null ? anchor / national[index(2020)] : Math.exp(elasticity * z(province));
        return national[index(year)] * multiplier;
    }

    /**
     * Weight of urban vs rural units in a density within a province, normalised so that the province-wide ratio equals
     * the province's density (urban communities have more social workers per resident than villages).
     */
    double groupWeight(String province, boolean urban, double urbanWeight, double ruralWeight) {
        double u = profiles.get(province).urbanisation() / 100;
        double mean = u * urbanWeight + (1 - u) * ruralWeight;
        return (urban ? urbanWeight : ruralWeight) / mean;
    }
}
