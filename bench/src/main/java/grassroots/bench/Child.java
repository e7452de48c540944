package grassroots.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/**
 * A command the bench runs as a process of its own (a stage through the launcher, the baseline's JVM, wrk), with its
 * output echoed and kept, its wall time, and its peak resident memory: the kernel's high-water mark (VmHWM) for the
 * process, read while it runs. The launcher {@code exec}s its JVM, so the process started is the JVM measured.
 */
final class Child implements AutoCloseable {
    /** How a finished command went. */
    record Outcome(int exitCode, double seconds, long peakRssBytes, List<String> output) {
        Outcome requireSuccess(String what) {
            if (exitCode != 0) {
                List<String> tail = output.subList(Math.max(0, output.size() - 15), output.size());
                throw new IllegalStateException(what + " failed (exit " + exitCode + "):\n  " + String.join("\n  ", tail));
            }
            return this;
        }
    }

    private final Process process;
    private final long started = System.nanoTime();
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;
    private volatile long peakRss;
    private final Thread sampler;

    private Child(List<String> command, Path dir, String echoPrefix, Predicate<String> ready, CountDownLatch readyLatch) {
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.add(line);
                    if (echoPrefix != null) System.out.println(echoPrefix + line);
                    if (readyLatch.getCount() > 0 && ready.test(line)) readyLatch.countDown();
                }
            } catch (IOException ignored) {
                // the process ended
            }
            readyLatch.countDown();
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        sampler = new Thread(this::sample, "child-rss");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Runs a command to its end. */
    static Outcome run(List<String> command, Path dir, String echoPrefix) {
        try (Child c = new Child(command, dir, echoPrefix, line -> false, new CountDownLatch(1))) {
            return c.await();
        }
    }

    /** Starts a long-running command and returns once it printed a line that {@code ready} accepts. */
    static Child start(List<String> command, Path dir, String echoPrefix, Predicate<String> ready) {
        CountDownLatch latch = new CountDownLatch(1);
        Child c = new Child(command, dir, echoPrefix, ready, latch);
        try {
            latch.await();
        } catch (InterruptedException e) {
            c.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (!c.process.isAlive()) {
            throw new IllegalStateException(command.get(0) + " ended before it was ready:\n  " + String.join("\n  ", c.output()));
        }
        return c;
    }

    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** The peak resident memory so far. */
    long peakRssBytes() {
        return peakRss;
    }

    /** The resident memory now (VmRSS). */
    long rssBytes() {
        return statusField("VmRSS:");
    }

    Outcome await() {
        try {
            int code = process.waitFor();
            reader.join();
            return new Outcome(code, (System.nanoTime() - started) / 1e9, peakRss, output());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        // the JVMs a launcher script started (a server and its ETL worker) first: a script stopped alone leaves them
        process.descendants().forEach(ProcessHandle::destroy);
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The high-water mark only grows, so reading it often enough keeps the true peak: a read is lost only in the last
     * interval before the process ends, and memory rarely peaks there.
     */
    private void sample() {
        while (process.isAlive()) {
            long hwm = statusField("VmHWM:");
            if (hwm > peakRss) peakRss = hwm;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long statusField(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field)) return Long.parseLong(line.substring(field.length()).strip().split("\\s+")[0]) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            // the process has just ended (or this is not Linux): keep what was read
        }
        return 0;
    }
}
