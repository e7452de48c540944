package grassroots.warehouse.query;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.store.ReaderLock;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.WarehouseDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The warehouse as a server sees it: always the current snapshot. When an ETL run publishes a new one, the next request
 * opens it; requests already running finish on the old one, which is closed when the last of them lets go. So a new
 * snapshot is picked up without a restart and without a failed request. A warehouse with no snapshot yet (a new
 * installation whose first ETL run is still going) is served from the moment the first one is published; until then
 * a request is told so ({@link NotPublishedYet}).
 */
public final class LiveWarehouse implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveWarehouse.class);
    /** How often CURRENT is looked at, at most (a file read). */
    public static final java.time.Duration CHECK_EVERY = java.time.Duration.ofMillis(500);

    private final WarehouseDir dir;
    private final Catalog catalog;
    private final long checkEveryNanos;
    /** null until the warehouse has a snapshot */
    private volatile Lease current;
    private final java.util.List<Runnable> onFirst = new java.util.ArrayList<>();
    private volatile long checkedAt;
    private final QueryGate.Bound bound;

    public LiveWarehouse(WarehouseDir dir, Catalog catalog) {
        this(dir, catalog, CHECK_EVERY, QueryGate.Bound.standard());
    }

    public LiveWarehouse(WarehouseDir dir, Catalog catalog, QueryGate.Bound bound) {
        this(dir, catalog, CHECK_EVERY, bound);
    }

    public LiveWarehouse(WarehouseDir dir, Catalog catalog, java.time.Duration checkEvery) {
        this(dir, catalog, checkEvery, QueryGate.Bound.standard());
    }

    private LiveWarehouse(WarehouseDir dir, Catalog catalog, java.time.Duration checkEvery, QueryGate.Bound bound) {
        this.dir = dir;
        this.catalog = catalog;
        this.bound = bound;
        this.checkEveryNanos = checkEvery.toNanos();
        this.current = dir.current().map(this::open).orElse(null);
        this.checkedAt = System.nanoTime();
    }

    /** The current snapshot's warehouse, held until the lease is closed; {@link NotPublishedYet} before the first. */
    public Lease acquire() {
        refreshIfDue();
        while (true) {
            Lease l = current;
            if (l == null) throw new NotPublishedYet(dir);
            if (l.retain()) return l;
        }
    }

    /** Whether a snapshot is served (false until the warehouse's first is published). */
    public boolean published() {
        refreshIfDue();
        return current != null;
    }

    /**
     * Runs {@code task} once a snapshot is served: now, or when the first is found (a request or {@link #published}
     * looks). For work a server does only for a warehouse it serves, which would otherwise take the cores from the
     * first ETL run. {@code task} should be quick (start a thread for more).
     */
    public synchronized void whenPublished(Runnable task) {
        if (current != null) task.run();
        else onFirst.add(task);
    }

    public Catalog catalog() {
        return catalog;
    }

    public WarehouseDir dir() {
        return dir;
    }

    /** The warehouse has no published snapshot yet: its first ETL run has not ended. */
    public static final class NotPublishedYet extends IllegalStateException {
        public static final grassroots.warehouse.Text TEXT = grassroots.warehouse.Text.of(
                "仓库还没有已发布的快照：第一次ETL运行结束后即可使用", "the warehouse has no published snapshot yet: it answers once its first ETL run has ended");

        NotPublishedYet(WarehouseDir dir) {
            super(TEXT.en() + " (" + dir.root() + ")");
        }
    }

    private void refreshIfDue() {
        long now = System.nanoTime();
        if (now - checkedAt < checkEveryNanos) return;
        synchronized (this) {
            if (now - checkedAt < checkEveryNanos) return;
            checkedAt = now;
            Snapshot latest = dir.current().orElse(null);
            if (latest == null || (current != null && latest.id().equals(current.warehouse().snapshot().id()))) return;
            try {
                Lease previous = current;
                current = open(latest);
                if (previous != null) previous.release();
                log.info("now serving snapshot {}", latest.id());
                if (previous == null) {
                    onFirst.forEach(Runnable::run);
                    onFirst.clear();
                }
            } catch (RuntimeException e) {
                log.warn("snapshot {} cannot be opened, still serving {}: {}", latest.id(),
                        current == null ? "none" : current.warehouse().snapshot().id(), e.getMessage());
            }
        }
    }

    /**
     * Opens a snapshot under a reader's lock (see {@link grassroots.warehouse.store.ReaderLock}), so that no ETL run
     * removes it while a request may still read it; the lock goes with the last request.
     */
    private Lease open(Snapshot snapshot) {
        ReaderLock lock = dir.lockForReading(snapshot);
        try {
            return new Lease(Warehouse.open(snapshot, catalog, bound), lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (current != null) current.release();
    }

    /** A counted hold on one snapshot's warehouse: the owner's reference plus one per request in flight. */
    public static final class Lease implements AutoCloseable {
        private final Warehouse warehouse;
        private final ReaderLock lock;
        private final AtomicInteger holds = new AtomicInteger(1);

        Lease(Warehouse warehouse, ReaderLock lock) {
            this.warehouse = warehouse;
            this.lock = lock;
        }

        public Warehouse warehouse() {
            return warehouse;
        }

        boolean retain() {
            int n;
            do {
                n = holds.get();
                if (n == 0) return false;
            } while (!holds.compareAndSet(n, n + 1));
            return true;
        }

        void release() {
            if (holds.decrementAndGet() == 0) {
                try {
                    warehouse.close();
                } finally {
                    lock.close();
                }
            }
        }

        @Override
        public void close() {
            release();
        }
    }
}
