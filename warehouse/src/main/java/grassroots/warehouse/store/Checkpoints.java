package grassroots.warehouse.store;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Points in a run where a test may stop the process dead, to show that a run killed anywhere leaves the warehouse
 * served and intact: each stage's start and end, each Spark task (a partition written), the marts, the manifest,
 * either side of the switch of CURRENT, and each old snapshot removed. With the system property
 * {@code grassroots.etl.haltAt=N} the process halts ({@link Runtime#halt}, no shutdown hooks, like kill -9) at its
 * N-th checkpoint; without it a checkpoint only counts.
 */
public final class Checkpoints {
    private Checkpoints() {}

    private static final AtomicInteger reached = new AtomicInteger();
    private static final java.util.List<String> names = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private static final int haltAt = Integer.getInteger("grassroots.etl.haltAt", 0);

    public static boolean armed() {
        return haltAt > 0;
    }

    public static void reach(String what) {
        int n = reached.incrementAndGet();
        if (names.size() < 100_000) names.add(what);
        if (n == haltAt) {
            System.out.println("halting at checkpoint " + n + ": " + what);
            System.out.flush();
            Runtime.getRuntime().halt(137);
        }
    }

    /** What the {@code n}-th checkpoint of this process was (1-based), as far as kept. */
    public static String name(int n) {
        return n >= 1 && n <= names.size() ? names.get(n - 1) : "?";
    }

    /** How many checkpoints this process has passed. */
    public static int count() {
        return reached.get();
    }
}
