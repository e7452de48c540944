package grassroots.warehouse.query;

import grassroots.warehouse.store.Duck;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bound on the API's queries at once: waiting, refusing as busy, and running a query again alone. */
class QueryGateTest {

    /** A query that holds its place in the gate until released. */
    private static final class Holder implements QueryGate.Work {
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean done = new AtomicBoolean();

        @Override
        public void run() {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.set(true);
        }

        @Override
        public boolean started() { return false; }

        private Thread thread;

        /** Takes a place in {@code gate}, on a thread of its own, and returns once it has it. */
        static Holder in(QueryGate gate) throws InterruptedException {
            Holder h = new Holder();
            h.thread = new Thread(() -> gate.run(h));
            h.thread.start();
            h.inside.await();
            return h;
        }

        /** Gives the place back and waits until it has left the gate. */
        void leave() throws InterruptedException {
            release.countDown();
            thread.join();
        }
    }

    private static QueryGate gate(int queries, Duration wait) {
        return new QueryGate(new QueryGate.Bound(queries, wait));
    }

    private static QueryGate.Work work(Runnable r) {
        return new QueryGate.Work() {
            @Override public void run() { r.run(); }
            @Override public boolean started() { return false; }
        };
    }

    @Test
    void aQueryBeyondTheBoundIsRefusedAsBusyWhenItsWaitRunsOut() throws Exception {
        QueryGate gate = gate(1, Duration.ofMillis(100));
        Holder holder = Holder.in(gate);
        AtomicBoolean ran = new AtomicBoolean();
        QueryGate.Busy busy = assertThrows(QueryGate.Busy.class, () -> gate.run(work(() -> ran.set(true))));
        assertFalse(ran.get(), "a refused query must not have run");
        assertTrue(busy.getMessage().contains("busy"), busy.getMessage());
        holder.leave();
        gate.run(work(() -> ran.set(true)));
        assertTrue(ran.get(), "once the place is free a query runs");
    }

    @Test
    void aQueryBeyondTheBoundWaitsForAPlaceAndRunsWhenOneIsFree() throws Exception {
        QueryGate gate = gate(1, Duration.ofSeconds(30));
        Holder holder = Holder.in(gate);
        AtomicReference<Boolean> holderDoneWhenRun = new AtomicReference<>();
        Thread waiting = new Thread(() -> gate.run(work(() -> holderDoneWhenRun.set(holder.done.get()))));
        waiting.start();
        while (gate.waiting() == 0 && waiting.isAlive()) Thread.onSpinWait();
        holder.leave();
        waiting.join();
        assertEquals(Boolean.TRUE, holderDoneWhenRun.get(), "the second query ran only after the first left the gate");
    }

    @Test
    void aQueryFailedForMemoryWhileOthersRanIsRunAgainAlone() throws Exception {
        QueryGate gate = gate(2, Duration.ofSeconds(30));
        Holder holder = Holder.in(gate);
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch firstFailed = new CountDownLatch(1);
        AtomicReference<Boolean> aloneOnRetry = new AtomicReference<>();
        QueryGate.Work hungry = new QueryGate.Work() {
            @Override
            public void run() throws QueryGate.OutOfMemory {
                if (attempts.incrementAndGet() == 1) {
                    firstFailed.countDown();
                    throw new QueryGate.OutOfMemory("Out of Memory Error: test", null);
                }
                aloneOnRetry.set(holder.done.get());
            }

            @Override public boolean started() { return false; }
        };
        Thread retrying = new Thread(() -> gate.run(hungry));
        retrying.start();
        firstFailed.await();
        holder.leave();
        retrying.join();
        assertEquals(2, attempts.get());
        assertEquals(Boolean.TRUE, aloneOnRetry.get(), "the second attempt waited until no other query ran");
    }

    @Test
    void aQueryThatHandedOnRowsIsNotRunAgain() {
        QueryGate gate = gate(2, Duration.ofSeconds(1));
        AtomicInteger attempts = new AtomicInteger();
        QueryGate.Work partial = new QueryGate.Work() {
            @Override
            public void run() throws QueryGate.OutOfMemory {
                attempts.incrementAndGet();
                throw new QueryGate.OutOfMemory("Out of Memory Error: test", null);
            }

            @Override public boolean started() { return true; }
        };
        assertThrows(IllegalStateException.class, () -> gate.run(partial));
        assertEquals(1, attempts.get(), "rows already read would be read twice");
    }

    @Test
    void duckDbsOwnOutOfMemoryIsRecognisedAndAQueryThatCannotFitAloneFails() throws Exception {
        try (DuckDBConnection db = Duck.open()) {
            Duck.exec(db, "SET memory_limit = '2MB'");
            Duck.exec(db, "SET threads = 1");
            AtomicInteger attempts = new AtomicInteger();
            Sql sql = new Sql(db, gate(2, Duration.ofSeconds(5)));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> sql.query(
                    "SELECT count(DISTINCT i::VARCHAR || 'x') FROM range(3000000) t(i)", List.of(), rs -> attempts.incrementAndGet()));
            assertTrue(e.getMessage().startsWith("Out of Memory Error"), e.getMessage());
            assertTrue(e.getCause() instanceof QueryGate.OutOfMemory, "DuckDB's failure for memory is told apart from others");
            assertEquals(0, attempts.get());
        }
    }
}
