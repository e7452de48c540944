package grassroots.sample;

import grassroots.warehouse.forms.Form;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.regions.Region;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.sample.SampleModel.Trait;

/** JC-2: one township (street) in one year. */
final class TownshipRows {
    private final SampleModel m;
    private final RegionHierarchy hierarchy;
    private final Row row;
    private final int year;

    TownshipRows(SampleModel m, RegionHierarchy hierarchy, Form form, int year) {
        this.m = m;
        this.hierarchy = hierarchy;
        this.row = new Row(form, "township_code", "year", "has_social_work_station", "station_staff");
        this.year = year;
    }

    /** The township's values in the form's field order, or null when it sent no return that year. */
    Object[] row(Region township) {
        // drawn as today's township, so that a renamed township's history continues
        String today = hierarchy.currentCodeOf(township.code(), year);
        long code = Long.parseLong(today);
        String province = township.ancestor(Level.PROVINCE);
        if (m.missing(code, province, year)) return null;
        boolean station = m.has(Trait.STATION, code, today.substring(0, 6), true, year);
        long staff = station ? 1 + Noise.poisson(Noise.key(m.seed, code, year, 31), 1.8) : 0;
        return row.place(township.code(), year, Row.flag(station), staff);
    }
}
