package grassroots.warehouse.query;

import grassroots.warehouse.Text;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many API queries run at once on one snapshot's database. They share its memory limit: with no bound, wrk's
 * 1 s runs in CI's province bench left hundreds of queries running at once and DuckDB failed some for memory (500s).
 * Beyond the bound a query waits its turn, fairly, up to a deadline, and is then refused as {@link Busy} (the server
 * answers 503 with Retry-After). A query DuckDB fails for memory while others ran is run once more alone, before any
 * of its rows were read.
 */
public final class QueryGate {
    /** How many queries at once, and how long one may wait its turn. */
    public record Bound(int queries, Duration maxWait) {
        /**
         * Queries at once by default: eight per core. Fewer left cores idle (planning and reading out rows are, we
         * think, single-threaded): on the province warehouse, 64 connections, four at once answered fewer
         * values and distributions than no bound; sixteen answered about as many, and more rankings at a lower p95.
         */
        public static final int DEFAULT_QUERIES = 8 * Runtime.getRuntime().availableProcessors();
        /** How long a query may wait its turn by default, in seconds. */
        public static final int DEFAULT_WAIT_SECONDS = 10;

        public Bound {
            if (queries < 1) throw new IllegalArgumentException("同时运行的查询至少为1个 / at least one query at once: " + queries);
            if (maxWait.isNegative()) throw new IllegalArgumentException("等待时间不能为负 / a negative wait: " + maxWait);
        }

        public static Bound standard() {
            return new Bound(DEFAULT_QUERIES, Duration.ofSeconds(DEFAULT_WAIT_SECONDS));
        }
    }

    private final int permits;
    private final Semaphore semaphore;
    private final long waitNanos;

    QueryGate(Bound bound) {
        this.permits = bound.queries();
        this.semaphore = new Semaphore(permits, true);
        this.waitNanos = bound.maxWait().toNanos();
    }

    /** A query's work; {@code started()} says whether it has handed any row on (then it cannot be run again). */
    interface Work {
        void run() throws OutOfMemory;
        boolean started();
    }

    /** DuckDB failed the query for memory. */
    static final class OutOfMemory extends Exception {
        OutOfMemory(String message, Throwable cause) {
            super(message, cause);
        }
    }

    void run(Work work) {
        enter(1);
        try {
            work.run();
            return;
        } catch (OutOfMemory e) {
            // alone already, or rows handed on: running it again cannot help
            if (permits == 1 || work.started()) throw new IllegalStateException(e.getMessage(), e);
        } finally {
            semaphore.release();
        }
        enter(permits);
        try {
            work.run();
        } catch (OutOfMemory e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            semaphore.release(permits);
        }
    }

    /** Queries waiting for a place now (an estimate, as the JDK's). */
    int waiting() {
        return semaphore.getQueueLength();
    }

    private void enter(int n) {
        try {
            if (!semaphore.tryAcquire(n, waitNanos, TimeUnit.NANOSECONDS)) throw new Busy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        }
    }

    /** The query waited its turn past the deadline: the server is under more load than it can answer now. */
    public static final class Busy extends RuntimeException {
        public static final Text TEXT = Text.of("服务器繁忙，请稍后重试", "the server is busy: please try again shortly");

        Busy() {
            super(TEXT.en());
        }
    }
}
