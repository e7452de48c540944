package grassroots.etl;

import org.apache.spark.sql.SparkSession;

/** The Spark session an ETL run uses: local mode on all cores by default, or a cluster's master URL. */
public final class SparkSessions {
    private SparkSessions() {}

    public static SparkSession start(String master) {
        int cores = Runtime.getRuntime().availableProcessors();
        SparkSession.Builder b = SparkSession.builder()
                .appName("grassroots-etl")
                .master(master)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.session.timeZone", "UTC")
                // Few, large shuffle partitions: the default 200 costs more than it gives on a small machine.
                .config("spark.sql.shuffle.partitions", String.valueOf(Math.max(4, cores * 4)))
                .config("spark.sql.adaptive.enabled", "true")
                .config("spark.sql.parquet.compression.codec", "zstd")
                // A snapshot has a directory per province-year (465 of them): listing them on the driver takes
                // milliseconds, a distributed listing job a second or more each time a directory is read.
                .config("spark.sql.sources.parallelPartitionDiscovery.threshold", "10000")
                .config("spark.sql.autoBroadcastJoinThreshold", String.valueOf(64L << 20))
                // Rows are written by province-year, and a task's rows come file by file, so province-year by
                // province-year: a writer per directory, open at once, instead of Spark sorting every row by its
                // directory first (the sort was a large share of the load's time and memory).
                .config("spark.sql.maxConcurrentOutputFileWriters", "256")
                // a plan of a form's rows (its fields and checks) has more than the default 25 fields: without this
                // Spark warns on the console that it shortened the plan's description, which no one reads
                .config("spark.sql.debug.maxToStringFields", "1000")
                // local files' permissions set without a chmod process each (see LocalFiles)
                .config("spark.hadoop.fs.file.impl", LocalFiles.class.getName());
        if (!master.startsWith("local")) {
            // executors are JVMs of their own: the job's classes (else lambdas fail to deserialise) and Java 17's flags
            String jar = System.getProperty("grassroots.etl.jar");
            if (jar != null) b.config("spark.jars", jar);
            // and, as for the driver (see the pom's spark.jvm.flags), the JIT for Spark's generated code however large
            b.config("spark.executor.extraJavaOptions", org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions()
                    + " -XX:-DontCompileHugeMethods");
        }
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
