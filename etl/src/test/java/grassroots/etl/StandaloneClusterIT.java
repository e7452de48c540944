package grassroots.etl;

import grassroots.warehouse.query.Warehouse;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.sample.SampleGenerator;
import grassroots.warehouse.store.WarehouseDir;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The same ETL on a real Spark standalone cluster: a Master and a Worker started as JVMs of their own on 127.0.0.1
 * from the Maven classpath (no Spark distribution), the job's jar shipped to the executors. The warehouse it writes
 * equals the local-mode one.
 */
class StandaloneClusterIT extends SparkTest {
    static Process master, worker;
    static Path logConfig;
    static String masterUrl;
    static Path returns;

    @BeforeAll
    static void startCluster() throws Exception {
        returns = tmp.resolve("returns");
        new SampleGenerator(RegionHierarchy.standard(), catalog).generate(
                new SampleGenerator.Options(returns, List.of("64"), 2020, 2020, 31, SampleGenerator.Headers.ID));
        int port = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
        // A SPARK_HOME whose jars/ is empty: the Worker takes the classpath for executors from SPARK_DIST_CLASSPATH.
        Path sparkHome = tmp.resolve("spark-home");
        Files.createDirectories(sparkHome.resolve("jars"));
        // The cluster's JVMs log at INFO (the ETL's own configuration says WARN), so that the test can wait for their
        // "ready" lines rather than for time to pass.
        logConfig = tmp.resolve("cluster-log4j2.properties");
        Files.writeString(logConfig, "rootLogger.level = info\nrootLogger.appenderRef.out.ref = out\n"
                + "appender.console.type = Console\nappender.console.name = out\nappender.console.target = SYSTEM_OUT\n"
                + "appender.console.layout.type = PatternLayout\nappender.console.layout.pattern = %c{1}: %m%n\n");
        master = start("master", "org.apache.spark.deploy.master.Master", sparkHome,
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort()));
        awaitLine(master, "I have been elected leader");
        worker = start("worker", "org.apache.spark.deploy.worker.Worker", sparkHome, "--host", "127.0.0.1",
                "--cores", "1", "--memory", "2g", "--webui-port", String.valueOf(freePort()), masterUrl);
        awaitLine(worker, "Successfully registered with master");
    }

    @AfterAll
    static void stopCluster() {
        for (Process p : new Process[]{worker, master}) if (p != null) p.destroyForcibly();
    }

    @Test
    void theClusterWritesTheSameWarehouseAsLocalMode() {
        // first the cluster (a JVM has one SparkContext: the local one is made after this one stops);
        // the driver runs here (the ETL jar to ship is named by grassroots.etl.jar), tasks on the Worker's executor
        SparkSession cluster = SparkSessions.start(masterUrl);
        RunReport remote;
        try {
            remote = new EtlJob(cluster, catalog, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    .run(returns, new WarehouseDir(tmp.resolve("cluster")));
            assertEquals(masterUrl, remote.master);
        } finally {
            cluster.stop();
        }
        RunReport local = etl(returns, tmp.resolve("local"));
        assertEquals(local.inputRows, remote.inputRows);
        assertEquals(local.loadedRows, remote.loadedRows);
        assertEquals(content(tmp.resolve("local")), content(tmp.resolve("cluster")));
    }

    static TreeSet<String> content(Path warehouse) {
        TreeSet<String> rows = new TreeSet<>();
        try (Warehouse w = Warehouse.open(new WarehouseDir(warehouse), catalog)) {
            w.query("SELECT * EXCLUDE (submitted_at) FROM jc1", List.of(), rs -> rows.add("jc1 " + WarehouseContent.line(rs)));
            w.query("SELECT * FROM indicator_values WHERE region_code LIKE '64%' OR region_code = 'CN'", List.of(),
                    rs -> rows.add("iv " + WarehouseContent.line(rs)));
        }
        return rows;
    }

    static Process start(String name, String mainClass, Path sparkHome, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(Arrays.asList(System.getProperty("grassroots.spark.flags").trim().split("\\s+")));
        command.addAll(List.of("-Xmx1g", "-Dlog4j2.configurationFile=" + logConfig, "-cp", classpath(), mainClass));
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_DIST_CLASSPATH", classpath());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_WORKER_DIR", tmp.resolve(name + "-work").toString());
        return pb.start();
    }

    /** The full classpath (Failsafe may run tests from a manifest-only jar). */
    static String classpath() {
        String cp = System.getProperty("java.class.path");
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : cp;
    }

    /** Reads the process's output until a line contains {@code text} (bounded: 90 s), then keeps draining it. */
    static void awaitLine(Process p, String text) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) if (line.contains(text)) return true;
            } catch (IOException e) {
                return false;
            }
            return false;
        });
        assertTrue(seen.get(90, TimeUnit.SECONDS), "saw: " + text);
        CompletableFuture.runAsync(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe drained so the process never blocks on output
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
