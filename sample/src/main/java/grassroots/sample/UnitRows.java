package grassroots.sample;

import grassroots.warehouse.forms.Form;
import grassroots.warehouse.regions.Region;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.sample.SampleModel.Trait;

/**
 * JC-1: one grassroots unit in one year, for the units of one province. What depends on the province and year only is
 * taken once (tens of thousands of rows each), and a county's terms once for its run of units; every value is computed
 * as before, in the same order of operations, so the files stay the same byte for byte.
 */
final class UnitRows {
    private final SampleModel m;
    private final RegionHierarchy hierarchy;
    private final Row row;
    private final int year;
    private final long seed;
    private final double z, missingRate, trend, socialWorkerDensity, volunteerDensity, organisationDensity;
    private final ProvinceProfile profile;
    private final boolean election, gridComplete;
    /** By urban (0) and rural (1) units. */
    private final SampleModel.Group[] groups = new SampleModel.Group[2];
    private final double[] growth = new double[2], socialWorkerWeight = new double[2], volunteerWeight = new double[2],
            spendingBase = new double[2];
    private String county;
    private double[] countyTerms;

    UnitRows(SampleModel m, RegionHierarchy hierarchy, Form form, String province, int year) {
        this.m = m;
        this.hierarchy = hierarchy;
        this.row = new Row(form, "unit_code", "unit_name", "year", "households", "population",
                "has_service_facility", "facility_area_m2", "has_consultation_body", "has_charter",
                "has_supervision_committee", "grid_total", "grid_staffed", "community_workers",
                "certified_social_workers", "registered_volunteers", "social_organizations",
                "election_held", "eligible_voters", "votes_cast", "service_spending_10k_yuan");
        this.year = year;
        this.seed = m.seed;
        this.z = m.z(province);
        this.missingRate = m.missingRate(province, year);
        this.profile = m.profiles.get(province);
        this.gridComplete = profile.gridCompleteFrom() != null && year >= profile.gridCompleteFrom();
        this.trend = Math.pow(1.03, year - 2019);
        this.socialWorkerDensity = m.density(SampleModel.SOCIAL_WORKERS, 0.5, "social_worker_density", province, year);
        this.volunteerDensity = m.density(SampleModel.VOLUNTEERS, 0.7, "volunteer_density", province, year);
        this.organisationDensity = m.density(SampleModel.SOCIAL_ORGS, 0.35, "social_org_density", province, year);
        this.election = year == 2011 || year == 2014 || year == 2017 || year == profile.electionRound() || year == 2026;
        for (int g = 0; g < 2; g++) {
            boolean urban = g == 0;
            groups[g] = m.new Group(province, urban);
            growth[g] = SampleModel.populationGrowth(urban, year);
            socialWorkerWeight[g] = m.groupWeight(province, urban, 1.4, 0.6);
            volunteerWeight[g] = m.groupWeight(province, urban, 1.3, 0.8);
            spendingBase[g] = urban ? 35 * Math.pow(1.12, year - 2011) : 12 * Math.pow(1.15, year - 2011);
        }
    }

    /** The unit's values in the form's field order, or null when it sent no return that year. */
    Object[] row(Region unit) {
        long code = Long.parseLong(unit.code());
        if (m.missing(code, year, missingRate)) return null;
        boolean urban = unit.urban();
        int g = urban ? 0 : 1;
        // units come by code, so a county's units one after the other
        if (county == null || !unit.code().startsWith(county)) {
            county = unit.code().substring(0, 6);
            countyTerms = m.countyTerms(county);
        }

        long population = Math.max(urban ? 300 : 40,
                Math.round(groups[g].population2020(code) * growth[g]
                        * (1 + 0.01 * Noise.normal(Noise.key(seed, code, year, 20)))));
        double householdSize = Math.max(1.6, Math.min(4.5, (urban ? 2.55 : 3.05) * (1 + 0.08 * Noise.normal(Noise.key(seed, code, 0, 21)))));
        long households = Math.max(1, Math.min(population, Math.round(population / householdSize)));

        boolean facility = m.has(Trait.FACILITY, code, countyTerms, urban, year);
        Double area = null;
        if (facility) {
            boolean standard = m.has(Trait.AREA_STANDARD, code, countyTerms, urban, year);
            double u = Noise.uniform(Noise.key(seed, code, 0, 22));
            double perStandard = standard ? 1.02 + 0.9 * u : 0.35 + 0.6 * u;
            area = Math.max(20.0, Math.round(households * 0.30 * perStandard * 10) / 10.0);
        }

        long gridTotal = Math.max(1, Math.round(households / (urban ? 300.0 : 120.0)));
        long gridStaffed;
        if (gridComplete) {
            gridStaffed = gridTotal;
        } else {
            double rate = m.probability(Trait.GRID_STAFFED, countyTerms, urban, year);
            double sd = Math.sqrt(gridTotal * rate * (1 - rate));
            gridStaffed = Math.max(0, Math.min(gridTotal, Math.round(gridTotal * rate + sd * Noise.normal(Noise.key(seed, code, year, 23)))));
        }

        long workers = Noise.poisson(Noise.key(seed, code, year, 24),
                (urban ? 4 + 0.9 * population / 1000.0 : 2.2 + 0.8 * population / 1000.0) * trend);
        long socialWorkers = Math.min(population, Noise.poisson(Noise.key(seed, code, year, 25),
                population / 1e4 * socialWorkerDensity * socialWorkerWeight[g]));
        long volunteers = Math.min(Math.round(population * 0.6), Noise.poisson(Noise.key(seed, code, year, 26),
                population / 1e4 * volunteerDensity * volunteerWeight[g]));
        long organisations = Noise.poisson(Noise.key(seed, code, year, 27), population / 1e4 * organisationDensity);

        Long voters = null, votes = null;
        if (election) {
            voters = Math.round(population * (0.74 + 0.06 * Noise.uniform(Noise.key(seed, code, year, 28))));
            double turnout = Math.max(0.75, Math.min(0.995, 0.935 + 0.012 * z + 0.02 * Noise.normal(Noise.key(seed, code, year, 29))));
            votes = Math.round(voters * turnout);
        }
        double perCapita = spendingBase[g] * Math.exp(0.45 * z + 0.35 * Noise.normal(Noise.key(seed, code, year, 30)));
        double spending = Math.round(population * perCapita / 1e4 * 100) / 100.0;

        return row.place(hierarchy.codeIn(unit.code(), year), unit.officialName(), year, households, population,
                Row.flag(facility), area == null ? 0 : area,
                Row.flag(m.has(Trait.CONSULTATION, code, countyTerms, urban, year)),
                Row.flag(m.has(Trait.CHARTER, code, countyTerms, urban, year)),
                Row.flag(m.has(Trait.SUPERVISION, code, countyTerms, urban, year)),
                gridTotal, gridStaffed, workers, socialWorkers, volunteers, organisations,
                Row.flag(election), voters, votes, spending);
    }
}
