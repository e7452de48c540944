package grassroots.access;

import grassroots.access.Submission.Status;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/** Submissions, approval locks and the publishing queue on both databases, with actions racing each other. */
class SubmissionsTest {
    @TempDir
    Path dir;

    private static Submission.Checked upload(String region) {
        return new Submission.Checked("JC-1", 2020, region, "county-reporter", "jc1.csv", "ab".repeat(32), 100, 10, 9, 1, 9);
    }

    /** Runs the actions at the same moment (released together), each outcome or what it threw. */
    private static List<Object> race(List<Callable<Object>> actions) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(actions.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (Callable<Object> a : actions) futures.add(pool.submit(() -> {
                go.await();
                try {
                    return a.call();
                } catch (RuntimeException e) {
                    return e;
                }
            }));
            go.countDown();
            List<Object> out = new ArrayList<>();
            for (Future<Object> f : futures) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void twoSubmissionsAtOnceLeaveOneWaitingAndLoseNeither(String kind) throws Exception {
        try (AccessState s = new AccessState(StateDatabase.open(StateDatabases.url(kind, dir)))) {
            for (int round = 0; round < 5; round++) {
                String region = "6401" + (round + 10);
                Submission a = s.submissions.create(upload(region)), b = s.submissions.create(upload(region));
                race(List.of(() -> s.submissions.submit(a.id()), () -> s.submissions.submit(b.id())));
                List<Submission> both = s.submissions.list("JC-1", 2020, region);
                assertEquals(2, both.size());
                assertEquals(1, both.stream().filter(x -> x.status() == Status.SUBMITTED).count(), both.toString());
                assertEquals(1, both.stream().filter(x -> x.status() == Status.SUPERSEDED).count(), both.toString());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aDoubleClickOnApproveApprovesOnceAndTheLockHoldsUntilReopened(String kind) throws Exception {
        try (AccessState s = new AccessState(StateDatabase.open(StateDatabases.url(kind, dir)))) {
            Submission a = s.submissions.create(upload("640104"));
            s.submissions.submit(a.id());
            List<Object> outcomes = race(List.of(() -> s.submissions.approve(a.id(), "m"), () -> s.submissions.approve(a.id(), "m")));
            assertEquals(1, outcomes.stream().filter(o -> o instanceof Submission).count(), outcomes.toString());
            assertEquals(1, outcomes.stream().filter(o -> o instanceof Submissions.Conflict).count(), outcomes.toString());
            assertEquals(1, s.submissions.locks("JC-1", 2020).size());
            assertEquals(1, s.publications.queue().size());

            // locked: no new upload for the county, nor for a township in it, nor for the prefecture around it
            assertThrows(Submissions.Conflict.class, () -> s.submissions.create(upload("640104")));
            assertThrows(Submissions.Conflict.class, () -> s.submissions.create(upload("640104001")));
            assertThrows(Submissions.Conflict.class, () -> s.submissions.create(upload("6401")));
            s.submissions.create(upload("640105")); // a neighbour is not locked

            Submission reopened = s.submissions.reopen(a.id(), "m", "请更正户数");
            assertEquals(Status.RETURNED, reopened.status());
            assertTrue(s.submissions.locks("JC-1", 2020).isEmpty());
            assertTrue(s.publications.queue().isEmpty(), "a reopened approval is not published");
            assertThrows(Submissions.Conflict.class, () -> s.submissions.reopen(a.id(), "m", null));
            s.submissions.create(upload("640104"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theQueueIsTakenInOrderOnceAndAWorkerThatDiedLeavesItsWorkToTheNext(String kind) throws Exception {
        try (AccessState s = new AccessState(StateDatabase.open(StateDatabases.url(kind, dir)))) {
            List<Long> approved = new ArrayList<>();
            for (String region : List.of("640104", "640105", "640106")) {
                Submission x = s.submissions.create(upload(region));
                s.submissions.submit(x.id());
                approved.add(s.submissions.approve(x.id(), "m").id());
            }
            // two workers at once (there should be one; the database still gives each submission to one of them)
            List<Object> taken = race(List.of(() -> s.publications.take("w1"), () -> s.publications.take("w2")));
            long total = taken.stream().mapToLong(o -> ((java.util.Optional<?>) o).map(p -> ((Publications.Publication) p).submissions().size()).orElse(0)).sum();
            assertEquals(3, total, taken.toString());

            // the worker dies: the next one recovers, takes all three again, in order, and publishes them once
            assertEquals(3, s.publications.recover());
            Publications.Publication p = s.publications.take("w3").orElseThrow();
            assertEquals(approved, p.submissions());
            s.publications.stage(p.id(), "load JC-1");
            assertEquals("load JC-1", s.publications.find(p.id()).orElseThrow().stage());
            s.publications.published(p.id(), "run-1", "{}", Map.of(approved.get(0), 3, approved.get(1), 4, approved.get(2), 5));
            assertTrue(s.publications.take("w3").isEmpty());
            assertEquals(java.util.Set.copyOf(approved), s.publications.placed(), "their files stay in the returns directory");
            assertEquals(Status.PUBLISHED, s.submissions.find(approved.get(1)).orElseThrow().status());
            assertEquals(4, s.submissions.find(approved.get(1)).orElseThrow().revision());
            List<String> statuses = s.publications.latest(10).stream().map(Publications.Publication::status).toList();
            assertEquals("published", statuses.get(0));
            assertTrue(statuses.subList(1, statuses.size()).stream().allMatch("abandoned"::equals), statuses.toString());
        }
    }
}
