package grassroots.etl.steps;

import grassroots.etl.RunReport;
import grassroots.warehouse.store.Checkpoints;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A run's progress, kept in its report: each step adds its timing there when it ends, and the report is rewritten
 * ({@code runs/<run-id>.json}, status "running") so that another process follows a run by reading it; the console
 * lines are printed from the same entries.
 */
public final class Progress {
    private final RunReport report;
    private final PrintStream out;
    private final Path reportFile;
    private final java.util.function.Consumer<String> onStage;
    private String name;
    private String label;
    private long started;
    private int number;

    public Progress(RunReport report, PrintStream out, Path reportFile, java.util.function.Consumer<String> onStage) {
        this.report = report;
        this.out = out;
        this.reportFile = reportFile;
        this.onStage = onStage;
    }

    public void begin(String name, String label) {
        Checkpoints.reach("begin " + name);
        this.name = name;
        this.label = label;
        this.started = System.nanoTime();
        report.currentStage = label;
        onStage.accept(label);
        out.printf("[%d] %s …%n", ++number, label);
        out.flush();
    }

    /** Ends the step begun last; returns its seconds. */
    public double end(String detail) {
        double secs = (System.nanoTime() - started) / 1e9;
        RunReport.StageTiming timing = new RunReport.StageTiming(name, label, Math.round(secs * 100) / 100.0, detail);
        report.stageSeconds.put(name, timing.seconds());
        report.stages.add(timing);
        report.currentStage = null;
        report.write(reportFile);
        out.printf("    done in %.1f s%s%n", secs, detail.isEmpty() ? "" : " — " + detail);
        out.flush();
        Checkpoints.reach("end " + name);
        return secs;
    }

    /** A line of detail within the current step. */
    public void note(String line) {
        out.println("        " + line);
        out.flush();
    }
}
