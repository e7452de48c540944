package grassroots.warehouse.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * A reader's hold on a snapshot: a shared OS file lock on {@code WAREHOUSE/readers/<snapshot-id>.lock} (beside the
 * snapshot, which stays byte-for-byte as written), for as long as the reader has the snapshot open. Retention removes a
 * snapshot only under an exclusive lock on the same file, so never one that a server process (another JVM) still
 * reads. Within one JVM the OS lock is taken once per file and counted, since overlapping locks of one process throw.
 */
public final class ReaderLock implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReaderLock.class);
    private static final Map<Path, Held> held = new HashMap<>();

    private record Held(FileChannel channel, FileLock lock, int[] count) {}

    private final Path file;
    private boolean closed;

    private ReaderLock(Path file) {
        this.file = file;
    }

    static Path fileOf(WarehouseDir dir, String snapshotId) {
        return dir.root().resolve("readers").resolve(snapshotId + ".lock");
    }

    /** Holds {@code snapshot} for reading; fails if it is gone (removed before the lock was had). */
    static ReaderLock acquire(WarehouseDir dir, Snapshot snapshot) {
        Path file = fileOf(dir, snapshot.id());
        synchronized (held) {
            Held h = held.get(file);
            if (h == null) {
                FileChannel channel = null;
                try {
                    Files.createDirectories(file.getParent());
                    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock(0, Long.MAX_VALUE, true);
                    if (!Files.isDirectory(snapshot.dir())) {
                        throw new IllegalStateException("快照已被删除 / snapshot " + snapshot.id() + " has been removed");
                    }
                    h = new Held(channel, lock, new int[1]);
                    held.put(file, h);
                } catch (IOException e) {
                    // e.g. a server given read-only access to the warehouse: it still serves, unprotected from retention
                    closeQuietly(channel);
                    log.warn("cannot hold snapshot {} for reading ({}): a run's retention may remove it", snapshot.id(), e.toString());
                    return new ReaderLock(null);
                } catch (RuntimeException e) {
                    closeQuietly(channel);
                    throw e;
                }
            }
            h.count()[0]++;
        }
        return new ReaderLock(file);
    }

    /**
     * Runs {@code removal} while holding {@code snapshotId}'s lock exclusively, then deletes the lock file; false
     * (and nothing done) when a reader, in this JVM or another, holds it.
     */
    static boolean whileExclusive(WarehouseDir dir, String snapshotId, IoAction removal) throws IOException {
        Path file = fileOf(dir, snapshotId);
        synchronized (held) {
            if (held.containsKey(file)) return false;
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    return false;
                }
                if (lock == null) return false;
                removal.run();
                // deleted while locked: a reader that opened the old file finds the snapshot gone once it gets the lock
                Files.deleteIfExists(file);
                return true;
            }
        }
    }

    interface IoAction {
        void run() throws IOException;
    }

    @Override
    public void close() {
        synchronized (held) {
            if (closed || file == null) return;
            closed = true;
            Held h = held.get(file);
            if (h != null && --h.count()[0] == 0) {
                held.remove(file);
                closeQuietly(h.channel());
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock; nothing else to do
        }
    }
}
