package grassroots.sample;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.cli.Cli;
import grassroots.warehouse.cli.YearRange;
import grassroots.warehouse.regions.RegionHierarchy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./grassroots generate}: the sample returns, in a JVM of their own (the generator is in no production jar). */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"生成样例统计报表 (JC-1, JC-2)，每个省、年份、报表一个CSV文件。",
                "Writes realistic sample returns: one CSV file per province, year and form."})
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "output directory / 输出目录")
    Path out;

    @Option(names = "--provinces", defaultValue = "all", description = "province codes, e.g. 32,64, or all (default)")
    String provinces;

    @Option(names = "--years", converter = YearRange.Converter.class,
            description = "years, e.g. 2016-2020 or 2020; default: the first reporting year (catalog) to the end of the last plan period")
    YearRange years;

    @Option(names = "--seed", defaultValue = "20111", description = "random seed; the same seed gives the same files (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--headers", defaultValue = "id", description = "header of plain CSV files: id (field ids, default) or zh (Chinese labels)")
    String headers;

    @Option(names = "--formats", defaultValue = "csv", split = ",",
            description = "file formats, each file getting one of them: csv (UTF-8), gb18030 (as Excel on Chinese Windows "
                    + "saves a CSV, with title lines and Chinese labels), xlsx (Excel); default csv")
    List<String> formats;

    @Option(names = "--defects", defaultValue = "0", description = "share of rows given a realistic fault, e.g. 0.01 "
            + "(unknown codes, text in numbers, broken rules, duplicates, resubmitted revisions, renamed units), plus a "
            + "truncated, an empty and a wrong-form file; default 0")
    double defects;

    public static void main(String[] args) {
        System.exit(Cli.run(new GenerateCommand(), args));
    }

    @Override
    public Integer call() {
        List<String> selected = provinces.equalsIgnoreCase("all") ? null
                : Arrays.stream(provinces.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        SampleGenerator.Headers h = switch (headers.toLowerCase(java.util.Locale.ROOT)) {
            case "id" -> SampleGenerator.Headers.ID;
            case "zh" -> SampleGenerator.Headers.ZH;
            default -> throw new IllegalArgumentException("--headers must be id or zh, not '" + headers + "'");
        };
        if (defects < 0 || defects > 1) throw new IllegalArgumentException("--defects must be between 0 and 1, not " + defects);
        if (years == null) years = new YearRange(Catalog.standard().firstYear(), Catalog.standard().lastPlanYear());
        long start = System.nanoTime();
        SampleGenerator.Summary s = new SampleGenerator(RegionHierarchy.standard(), Catalog.standard())
                .generate(new SampleGenerator.Options(out, selected, years.from(), years.to(), seed, h,
                        formats.stream().map(ReturnWriter.Format::of).toList(), defects));
        System.out.printf("generated %d files: %,d JC-1 rows, %,d JC-2 rows (%,d with a fault) in %s (%.1f s)%n",
                s.files(), s.jc1Rows(), s.jc2Rows(), s.defectiveRows(), out.toAbsolutePath(), (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
