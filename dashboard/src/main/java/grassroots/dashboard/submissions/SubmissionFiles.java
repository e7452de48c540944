package grassroots.dashboard.submissions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import grassroots.warehouse.returns.Records;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Uploaded files on disk: {@code WAREHOUSE/submissions/<id>/upload.csv|.xlsx} (never under a name the client chose) and
 * beside it {@code check.json}, the problems and coverage its check found. An upload is first written to
 * {@code submissions/incoming/}, counted and hashed as it streams, and moved to its id's directory once recorded.
 */
public final class SubmissionFiles {
    /** What is kept of a check: every problem (up to a limit) and the units covered under each region. */
    public record Stored(List<ReturnCheck.Problem> problems, int problemsTotal, Map<String, Integer> coverage) {}

    /** A file received but not yet recorded. */
    public record Incoming(Path dir, Path file, String sha256, long size) {}

    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    static final int STORED_PROBLEMS = 100_000;

    private final Path root;
    private final Cache<Long, Stored> checks = Caffeine.newBuilder().maximumSize(2_000).build();

    public SubmissionFiles(Path warehouseRoot) {
        this.root = warehouseRoot.resolve("submissions");
    }

    /** Streams an upload to disk, at most {@code maxBytes}; null when it is larger (nothing is kept then). */
    public Incoming receive(InputStream in, boolean excel, long maxBytes) throws IOException {
        Path dir = root.resolve("incoming").resolve(UUID.randomUUID().toString());
        Files.createDirectories(dir);
        Path file = dir.resolve(excel ? "upload.xlsx" : "upload.csv");
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = 0;
        try (InputStream digesting = new DigestInputStream(in, sha); OutputStream out = Files.newOutputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = digesting.read(buf)) >= 0; ) {
                size += n;
                if (size > maxBytes) {
                    discard(dir);
                    return null;
                }
                out.write(buf, 0, n);
            }
        }
        return new Incoming(dir, file, HexFormat.of().formatHex(sha.digest()), size);
    }

    /** Moves a recorded upload to its id's directory with its check. */
    public void keep(Incoming incoming, long id, ReturnCheck.Result result) throws IOException {
        List<ReturnCheck.Problem> problems = result.problems();
        Stored stored = new Stored(problems.size() > STORED_PROBLEMS ? problems.subList(0, STORED_PROBLEMS) : problems,
                problems.size(), result.coverage());
        JSON.writeValue(incoming.dir().resolve("check.json").toFile(), stored);
        // The state database has just given out this id, so a directory already there belongs to no submission it
        // knows (left by a state database that was replaced): it gives way rather than fail the upload.
        discard(dirOf(id));
        Files.move(incoming.dir(), dirOf(id), StandardCopyOption.ATOMIC_MOVE);
        checks.put(id, stored);
    }

    public void discard(Path dir) {
        if (!Files.exists(dir)) return;
        try {
            org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    public Path dirOf(long id) {
        return root.resolve(Long.toString(id));
    }

    /** The uploaded file of a submission. */
    public Path fileOf(long id) {
        Path xlsx = dirOf(id).resolve("upload.xlsx");
        return Files.exists(xlsx) ? xlsx : dirOf(id).resolve("upload.csv");
    }

    /** The stored check of a submission (read once, then kept: it never changes). */
    public Stored checkOf(long id) {
        return checks.get(id, k -> {
            try {
                return JSON.readValue(dirOf(k).resolve("check.json").toFile(), Stored.class);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the check of submission " + k, e);
            }
        });
    }

    static boolean isExcel(String name) {
        return Records.isExcel(Path.of("x" + extension(name)));
    }

    /** ".csv" or ".xlsx" (lower case) for a name with either, else null. */
    static String extension(String name) {
        if (name == null) return null;
        String n = name.strip().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".csv") ? ".csv" : n.endsWith(".xlsx") ? ".xlsx" : null;
    }
}
