package grassroots.dashboard.report;

import grassroots.dashboard.report.ReportData.Section;
import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.catalog.PlanPeriod;
import grassroots.warehouse.query.Analyses.TargetStatus;
import grassroots.warehouse.query.IndicatorValue;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The report's charts, drawn on the server with JFreeChart into PNG (no browser, no network), in the report's font and
 * the dashboard's colours: a region's trend with the plan period as a band and its targets, and its children ranked.
 */
public final class ReportCharts {
    /** The embedded CJK font (Noto Sans SC, subset), shared with the PDF writer. */
    static final String FONT_RESOURCE = "/grassroots/dashboard/report/fonts/NotoSansSC-Regular-subset.ttf";
    static {
        // a server has no display; AWT must not look for one
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private static final Font FONT = loadFont();
    /** Drawn at twice the size it is shown, so that it stays sharp when printed. */
    private static final int SCALE = 2;
    /** At most this many children in a ranking chart (the rest are named in the text). */
    static final int MAX_BARS = 40;

    private static final Color SERIES = new Color(0x1f5fa8);
    private static final Color TARGET = new Color(0xb4541a);
    private static final Color GRID = new Color(0xdde1e6);

    private ReportCharts() {}

    private static Font loadFont() {
        try (InputStream in = ReportCharts.class.getResourceAsStream(FONT_RESOURCE)) {
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FontFormatException e) {
            throw new IllegalStateException("the report font cannot be read", e);
        }
    }

    /** Text with what the font cannot draw replaced (a rare character outside the font's subset) by □. */
    static String drawable(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n' || c == '\t' || c == '\r') b.append(' ');
            else if (FONT.canDisplay(c)) b.appendCodePoint(c);
            else b.append('□');
        });
        return b.toString();
    }

    private static StandardChartTheme theme() {
        StandardChartTheme theme = new StandardChartTheme("report");
        theme.setExtraLargeFont(FONT.deriveFont(Font.PLAIN, 15f));
        theme.setLargeFont(FONT.deriveFont(Font.PLAIN, 12f));
        theme.setRegularFont(FONT.deriveFont(Font.PLAIN, 10f));
        theme.setSmallFont(FONT.deriveFont(Font.PLAIN, 9f));
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setDomainGridlinePaint(GRID);
        theme.setRangeGridlinePaint(GRID);
        theme.setBarPainter(new StandardBarPainter());
        theme.setShadowVisible(false);
        return theme;
    }

    /** The region's values over the years, the plan period as a band, each target as a dashed line to its year. */
    public static byte[] trend(ReportData r, Section s, int width, int height) {
        Indicator ind = s.indicator();
        XYSeries series = new XYSeries(drawable(r.regionName()));
        for (IndicatorValue v : s.series()) series.add(v.year(), v.value());
        NumberAxis years = new NumberAxis("年份");
        years.setTickUnit(new NumberTickUnit(1, new java.text.DecimalFormat("0")));
        NumberAxis values = new NumberAxis(drawable(ind.unit().zh()));
        values.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, true);
        line.setSeriesPaint(0, SERIES);
        line.setSeriesStroke(0, new BasicStroke(2f));
        XYPlot plot = new XYPlot(new XYSeriesCollection(series), years, values, line);
        PlanPeriod plan = r.plan();
        IntervalMarker band = new IntervalMarker(plan.from() - 0.5, plan.to() + 0.5, new Color(0xe8f0fa));
        band.setLabel(drawable(plan.name().zh()));
        band.setLabelFont(FONT.deriveFont(10f));
        band.setLabelAnchor(RectangleAnchor.TOP);
        band.setLabelTextAnchor(TextAnchor.TOP_CENTER);
        band.setLabelBackgroundColor(new Color(0, 0, 0, 0));
        plot.addDomainMarker(band, Layer.BACKGROUND);
        double lo = series.getMinY(), hi = series.getMaxY();
        for (TargetStatus t : s.targets()) {
            XYLineAnnotation target = new XYLineAnnotation(plan.from() - 0.5, t.target(), t.year() + 0.5, t.target(),
                    new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f), TARGET);
            target.setToolTipText(null);
            plot.addAnnotation(target);
            ValueMarker label = new ValueMarker(t.target(), new Color(0, 0, 0, 0), new BasicStroke(0f));
            label.setLabel(drawable("目标 " + ReportSummary.value(t.target(), ind) + "（" + t.year() + "）"));
            label.setLabelFont(FONT.deriveFont(10f));
            label.setLabelPaint(TARGET);
            label.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            label.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            label.setLabelBackgroundColor(new Color(0, 0, 0, 0));
            plot.addRangeMarker(label);
            lo = Math.min(lo, t.target());
            hi = Math.max(hi, t.target());
        }
        double pad = Math.max((hi - lo) * 0.15, Math.abs(hi) * 0.02 + 1e-6);
        values.setRange(Math.max(0, lo - pad), hi + pad);
        int first = s.series().isEmpty() ? plan.from() : Math.min(plan.from() - 1, s.series().get(0).year());
        int last = s.series().isEmpty() ? plan.to() : Math.max(plan.to(), s.series().get(s.series().size() - 1).year());
        years.setRange(first - 0.5, last + 0.5);
        JFreeChart chart = new JFreeChart(drawable(ind.name().zh() + " · " + r.regionName()), FONT.deriveFont(13f), plot, false);
        theme().apply(chart);
        line.setSeriesPaint(0, SERIES);
        return png(chart, width, height);
    }

    /** The region's children at the end of the plan, best first, with the region's own value as a line. */
    public static byte[] children(ReportData r, Section s, int width, int height) {
        Indicator ind = s.indicator();
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<IndicatorValue> shown = s.children().subList(0, Math.min(MAX_BARS, s.children().size()));
        for (IndicatorValue v : shown) data.addValue(v.value(), "v", drawable(v.shortName() == null ? v.regionName() : v.shortName()));
        CategoryAxis names = new CategoryAxis();
        NumberAxis values = new NumberAxis(drawable(ind.unit().zh()));
        BarRenderer bars = new BarRenderer();
        bars.setSeriesPaint(0, SERIES);
        bars.setDrawBarOutline(false);
        CategoryPlot plot = new CategoryPlot(data, names, values, bars);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        ValueMarker own = new ValueMarker(s.end().value(), Color.DARK_GRAY, new BasicStroke(1.2f));
        own.setLabel(drawable(r.regionName() + " " + ReportSummary.value(s.end().value(), ind)));
        own.setLabelFont(FONT.deriveFont(10f));
        own.setLabelAnchor(RectangleAnchor.BOTTOM_LEFT);
        own.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        own.setLabelBackgroundColor(new Color(255, 255, 255, 200));
        plot.addRangeMarker(own);
        for (TargetStatus t : s.targets()) {
            plot.addRangeMarker(new ValueMarker(t.target(), TARGET, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)));
        }
        String title = ind.name().zh() + " · " + ReportSummary.levelName(s.childLevel()) + "排名（" + s.end().year() + "年）";
        JFreeChart chart = new JFreeChart(drawable(title), FONT.deriveFont(13f), plot, false);
        theme().apply(chart);
        bars.setSeriesPaint(0, SERIES);
        return png(chart, width, height);
    }

    private static byte[] png(JFreeChart chart, int width, int height) {
        BufferedImage image = new BufferedImage(width * SCALE, height * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.scale(SCALE, SCALE);
            chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        } finally {
            g.dispose();
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ChartUtils.writeBufferedImageAsPNG(out, image);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The height a ranking of {@code n} children needs, in points. */
    static int childrenHeight(int n) {
        return 110 + 16 * Math.min(MAX_BARS, n);
    }
}
