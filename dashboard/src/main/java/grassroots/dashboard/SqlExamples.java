package grassroots.dashboard;

import grassroots.warehouse.Text;

import java.util.List;

/** Example queries the workbench offers researchers, over the documented views. */
final class SqlExamples {
    private SqlExamples() {}

    record Example(Text title, String sql) {}

    static final List<Example> ALL = List.of(
            new Example(Text.of("各省2020年城市社区综合服务设施覆盖率", "Urban facility coverage by province, 2020"), """
                    SELECT region_name, round(value, 1) AS coverage_pct, numerator, denominator, reported_units, expected_units
                    FROM indicator_values
                    WHERE indicator = 'urban_facility_coverage' AND level = 'province' AND year = 2020
                    ORDER BY value DESC"""),
            new Example(Text.of("按城乡统计每年的综合服务设施覆盖率(由村级报表直接计算)",
                    "Facility coverage by year, urban vs rural, from the unit-level returns"), """
                    SELECT j.year, r.urban, round(100.0 * sum(j.has_service_facility) / count(*), 1) AS coverage_pct,
                           count(*) AS units
                    FROM jc1 j JOIN regions r ON r.code = j.unit_code
                    GROUP BY ALL ORDER BY j.year, r.urban"""),
            new Example(Text.of("每万人持证社工最多的20个县(2020)", "Top 20 counties by certified social workers per 10k (2020)"), """
                    SELECT region_code, region_name, round(value, 2) AS per_10k, reported_units, expected_units
                    FROM indicator_values
                    WHERE indicator = 'social_worker_density' AND level = 'county' AND year = 2020
                    ORDER BY value DESC NULLS LAST LIMIT 20"""),
            new Example(Text.of("各省填报完整率(2011年与最新年份)", "Reporting completeness by province, 2011 and latest"), """
                    SELECT region_name, year, reported_units, expected_units,
                           round(100.0 * reported_units / expected_units, 2) AS completeness_pct
                    FROM completeness
                    WHERE form = 'JC-1' AND level = 'province' AND year IN (2011, (SELECT max(year) FROM completeness))
                    ORDER BY region_code, year"""),
            new Example(Text.of("被拒收的行按规则统计", "Rejected rows by rule"), """
                    SELECT rule, any_value(message_zh) AS message, count(*) AS rows
                    FROM quarantine GROUP BY rule ORDER BY rows DESC"""),
            new Example(Text.of("指标目录", "The indicator catalog"), "SELECT * FROM indicators"));
}
