package grassroots.warehouse.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.apache.commons.io.file.PathUtils;

/**
 * A warehouse directory: immutable snapshots under {@code snapshots/}, run reports under {@code runs/}, and the file
 * {@code CURRENT} naming the snapshot readers use. Publishing is an atomic rename of {@code CURRENT}, so a reader
 * sees either the old or the new snapshot, never a half-written one.
 */
public final class WarehouseDir {
    private static final String CURRENT = "CURRENT";
    /** How many published snapshots a run keeps by default ({@code etl --keep}). */
    public static final int DEFAULT_KEEP = 3;
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
     * Deletes the snapshots of runs that died before finishing (no manifest, not current), e.g. after kill -9, unless a
     * reader holds one. A warehouse has one writer at a time, so such a directory is never one being written.
     */
    public int removeUnfinished() {
        removeTemporaryFiles(root, CURRENT + ".tmp-");
        removeTemporaryFiles(runs(), null);
        String current = current().map(Snapshot::id).orElse("");
        int removed = 0;
        for (Snapshot s : snapshots()) {
            if (s.id().equals(current) || Files.exists(s.manifest())) continue;
            if (remove(s)) removed++;
        }
        return removed;
    }

    /** Pointers and reports a killed run left half-written (names starting with {@code prefix}, or ending in .tmp). */
    private static void removeTemporaryFiles(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) return;
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (prefix != null ? name.startsWith(prefix) : name.endsWith(".tmp")) Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir, e);
        }
    }

    /** What {@link #retain} did: the snapshots it removed, and those it left because a reader holds them. */
    public record Retention(List<String> removed, List<String> held) {}

    /**
     * Keeps the {@code keep} most recently completed snapshots (and the current one) and removes the others that no
     * reader holds; a held one is removed by a later run. The staged rows an incremental run builds on are the current
     * snapshot's, so they are always kept.
     */
    public Retention retain(int keep) {
        String current = current().map(Snapshot::id).orElse("");
        List<Snapshot> complete = new ArrayList<>();
        for (Snapshot s : snapshots()) if (Files.exists(s.manifest())) complete.add(s);
        complete.sort(Comparator.comparing((Snapshot s) -> modified(s.manifest())).thenComparing(Snapshot::id).reversed());
        List<String> removed = new ArrayList<>(), held = new ArrayList<>();
        for (int i = keep; i < complete.size(); i++) {
            Snapshot s = complete.get(i);
            if (s.id().equals(current)) continue;
            (remove(s) ? removed : held).add(s.id());
        }
        return new Retention(removed, held);
    }

    /** Holds {@code snapshot} for reading until closed: retention leaves it alone meanwhile (see {@link ReaderLock}). */
    public ReaderLock lockForReading(Snapshot snapshot) {
        return ReaderLock.acquire(this, snapshot);
    }

    /**
     * Removes a snapshot unless a reader holds it: its manifest first, so that a removal cut short leaves an unfinished
     * snapshot, which the next run removes.
     */
    private boolean remove(Snapshot s) {
        try {
            return ReaderLock.whileExclusive(this, s.id(), () -> {
                Files.deleteIfExists(s.manifest());
                Checkpoints.reach("removing snapshot " + s.id());
                PathUtils.deleteDirectory(s.dir());
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove snapshot " + s.id(), e);
        }
    }

    private List<Snapshot> snapshots() {
        Path snapshots = root.resolve("snapshots");
        if (!Files.isDirectory(snapshots)) return List.of();
        try (java.util.stream.Stream<Path> dirs = Files.list(snapshots)) {
            return dirs.filter(Files::isDirectory).map(d -> snapshot(d.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + snapshots, e);
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    /** Makes {@code snapshot} the current one: write a temporary pointer, then rename it over CURRENT. */
    public void publish(Snapshot snapshot) {
        try {
            Files.createDirectories(root);
            Path tmp = root.resolve(CURRENT + ".tmp-" + snapshot.id());
            Files.writeString(tmp, snapshot.id() + "\n", StandardCharsets.UTF_8);
            Checkpoints.reach("before the switch to " + snapshot.id());
            Files.move(tmp, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Checkpoints.reach("after the switch to " + snapshot.id());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish snapshot " + snapshot.id(), e);
        }
    }
}
