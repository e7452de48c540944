package grassroots.etl;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one ETL run did, written to {@code WAREHOUSE/runs/<run-id>.json}. Row accounting holds for every file and for the
 * run: {@code input_rows = loaded_rows + quarantined_rows + superseded_rows}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class RunReport {
    public String runId;
    public String status = "running";
    public String error;
    public String master;
    /** Where the returns and the warehouse are on the server: in the run's report, never in the snapshot's manifest. */
    public String returnsDir;
    public String warehouse;
    /** Tells one returns directory from another without naming it: a later run is incremental only on the same one. */
    public String returnsKey;
    /** The snapshot's id. */
    public String snapshot;
    /** "full", or "incremental": only the province-years that new or changed files touch were rebuilt. */
    public String mode;
    /** The forms' and regions' version the run checked against; a later run reuses this one's work only if equal. */
    public String rulesVersion;
    public List<String> rebuilt = new ArrayList<>();
    /** How the marts were made: built whole, or the previous snapshot's with the rebuilt years replaced (which, per form). */
    public String marts;
    public int reusedPartitions;
    public String startedAt;
    public String finishedAt;
    public double seconds;
    public long inputRows;
    public long loadedRows;
    public long quarantinedRows;
    public long supersededRows;
    public int filesRead;
    public int brokenFiles;
    public Map<String, Long> quarantineByRule = new LinkedHashMap<>();
    /** Warnings recorded on loaded rows (e.g. a unit name that differs from the division table). */
    public long warnings;
    public Map<String, Long> warningsByRule = new LinkedHashMap<>();
    /** The step under way while the run goes on (its report is rewritten after each step), null once it ended. */
    public String currentStage;
    public Map<String, Double> stageSeconds = new LinkedHashMap<>();
    /** Each stage in the order it ran: what the console printed for it, its seconds and what it did. */
    public List<StageTiming> stages = new ArrayList<>();
    public List<FileReport> files = new ArrayList<>();

    /** One stage of the run: its name, its label (Chinese / English), seconds and detail ("3 province-year(s) rebuilt"). */
    public record StageTiming(String name, String label, double seconds, String detail) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class FileReport {
        public String file;
        public String form;
        public long inputRows;
        public long loadedRows;
        public long quarantinedRows;
        public long supersededRows;
        public long sizeBytes;
        public long modifiedAt;
        /** The province-years ("2020_32") the file's rows fell in. */
        public List<String> partitions;
        public List<String> ignoredColumns;
        public List<String> missingFields;
        public String problemZh;
        public String problemEn;

        public boolean adds() {
            return inputRows == loadedRows + quarantinedRows + supersededRows;
        }

        /** The same file as {@code other} describes, unchanged: same size and modification time. */
        public boolean sameFile(FileReport other) {
            return other != null && sizeBytes >= 0 && sizeBytes == other.sizeBytes && modifiedAt == other.modifiedAt;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** A hash of a returns directory's absolute path. */
    public static String keyOf(String returnsDir) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(returnsDir.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The report as a snapshot's manifest: without the server's paths, since a snapshot is what readers see (its files
     * are named relative to the returns directory already).
     */
    public RunReport forSnapshot() {
        RunReport copy = JSON.convertValue(this, RunReport.class);
        copy.returnsDir = null;
        copy.warehouse = null;
        return copy;
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write run report " + file, e);
        }
    }

    public static RunReport read(Path file) {
        try {
            return JSON.readValue(file.toFile(), RunReport.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read run report " + file, e);
        }
    }
}
