package grassroots.warehouse.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A warehouse directory: immutable snapshots under {@code snapshots/}, run reports under {@code runs/}, and the file
 * {@code CURRENT} naming the snapshot readers use. Publishing is an atomic rename of {@code CURRENT}, so a reader
 * sees either the old or the new snapshot, never a half-written one.
 */
public final class WarehouseDir {
    private static final String CURRENT = "CURRENT";
    private final Path root;

    public WarehouseDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() { return root; }
    public Path runs() { return root.resolve("runs"); }

    public Snapshot snapshot(String id) {
        return new Snapshot(id, root.resolve("snapshots").resolve(id));
    }

    public Optional<Snapshot> current() {
        Path pointer = root.resolve(CURRENT);
        if (!Files.exists(pointer)) return Optional.empty();
        try {
            String id = Files.readString(pointer, StandardCharsets.UTF_8).strip();
            return id.isEmpty() ? Optional.empty() : Optional.of(snapshot(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pointer, e);
        }
    }

    public Snapshot requireCurrent() {
        return current().orElseThrow(() -> new IllegalStateException(
                "仓库中没有已发布的快照，请先运行 ./grassroots etl / no published snapshot in " + root
                        + ": run ./grassroots etl first"));
    }

    /**
     * Starts a new snapshot holding the same files as {@code from} except its marts, as hard links (no copy, and
     * {@code from} stays untouched for its readers); the caller rebuilds the marts and publishes it.
     */
    public Snapshot derive(Snapshot from, String id) {
        Snapshot to = snapshot(id);
        Path marts = from.indicatorValues().getParent();
        try (java.util.stream.Stream<Path> files = Files.walk(from.dir())) {
            for (Path p : files.toList()) {
                if (p.startsWith(marts) || p.equals(from.manifest())) continue;
                Path target = to.dir().resolve(from.dir().relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.createLink(target, p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot derive a snapshot from " + from.id(), e);
        }
        return to;
    }

    /**
     * Deletes the snapshots of runs that died before finishing (no manifest, not current), e.g. after kill -9.
     * A warehouse has one writer at a time, so such a directory is never one being written.
     */
    public int removeUnfinished() {
        Path snapshots = root.resolve("snapshots");
        if (!Files.isDirectory(snapshots)) return 0;
        String current = current().map(Snapshot::id).orElse("");
        int removed = 0;
        try (java.util.stream.Stream<Path> dirs = Files.list(snapshots)) {
            for (Path dir : dirs.toList()) {
                Snapshot s = snapshot(dir.getFileName().toString());
                if (s.id().equals(current) || Files.exists(s.manifest())) continue;
                try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
                }
                removed++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + snapshots, e);
        }
        return removed;
    }

    /** Makes {@code snapshot} the current one: write a temporary pointer, then rename it over CURRENT. */
    public void publish(Snapshot snapshot) {
        try {
            Files.createDirectories(root);
            Path tmp = root.resolve(CURRENT + ".tmp-" + snapshot.id());
            Files.writeString(tmp, snapshot.id() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish snapshot " + snapshot.id(), e);
        }
    }
}
