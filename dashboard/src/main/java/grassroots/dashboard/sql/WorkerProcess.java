package grassroots.dashboard.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import grassroots.warehouse.worker.WorkerProtocol;
import org.apache.commons.io.FileUtils;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One SQL worker: a JVM of its own with its own memory limits, spoken to in JSON lines. */
final class WorkerProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NICE = Path.of("/usr/bin/nice");

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private volatile boolean ready;

    private final Path spill;

    private WorkerProcess(Process process, Path spill) {
        this.process = process;
        this.spill = spill;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts a worker with the server's own classpath and waits for it to say it is ready. */
    static WorkerProcess start(SqlWorkers.Options o) throws IOException {
        Path spill = spills(o) ? Files.createTempDirectory("grassroots-sql-") : null;
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx" + o.heapMb() + "m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dgrassroots.sql.timeout=" + o.timeout().toSeconds(), "-Dgrassroots.sql.memory=" + o.duckdbMemory(),
                "-Dgrassroots.sql.threads=" + o.threads(), "-Dgrassroots.sql.bytes=" + o.maxBytes(),
                "-Dgrassroots.sql.spill=" + (spill == null ? "" : spill), "-Dgrassroots.sql.spill.max=" + o.maxSpill(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), WorkerProtocol.MAIN));
        // below the server in CPU priority, so that the dashboard's answers go first when researchers keep every core busy
        if (Files.isExecutable(NICE)) command.addAll(0, List.of(NICE.toString(), "-n", "10"));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            if (spill != null) FileUtils.deleteQuietly(spill.toFile());
            throw e;
        }
        // however the worker ends (done, killed at its deadline, crashed), what it spilled goes with it
        if (spill != null) p.onExit().thenRun(() -> FileUtils.deleteQuietly(spill.toFile()));
        WorkerProcess w = new WorkerProcess(p, spill);
        // a worker that says nothing within a minute is not coming up: kill it rather than wait for ever
        CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS).execute(() -> {
            if (!w.ready) w.kill();
        });
        JsonNode hello = w.next();
        w.ready = true;
        if (hello == null || !hello.path(WorkerProtocol.READY).asBoolean()) {
            w.close();
            throw new IOException("the SQL worker did not start");
        }
        return w;
    }

    private static boolean spills(SqlWorkers.Options o) {
        return o.maxSpill() != null && !o.maxSpill().isBlank() && !o.maxSpill().trim().matches("0+\\s*[A-Za-z]*");
    }

    void send(JsonNode request) throws IOException {
        in.write(JSON.writeValueAsString(request));
        in.write('\n');
        in.flush();
    }

    /** The next message, or null when the worker has ended (crashed, killed, out of memory). */
    JsonNode next() throws IOException {
        String line = out.readLine();
        return line == null ? null : JSON.readTree(line);
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Ends the worker at once (a runaway or a worker in an unknown state). */
    void kill() {
        process.destroyForcibly();
    }

    /** Ends the worker and removes what it spilled before returning (the server is stopping). */
    @Override
    public void close() {
        kill();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (spill != null) FileUtils.deleteQuietly(spill.toFile());
    }
}
