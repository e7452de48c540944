package grassroots.etl;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * With {@code -Dgrassroots.spark.profile=true}: each Spark job's time and what started it, as the ETL runs (the
 * counterpart of {@code -Dgrassroots.duck.profile=true} for the marts), to see where a stage's time goes.
 */
final class JobTimes extends SparkListener {
    private final PrintStream out;
    private final Map<Integer, Long> started = new ConcurrentHashMap<>();
    private final Map<Integer, String> names = new ConcurrentHashMap<>();

    JobTimes(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        started.put(start.jobId(), System.nanoTime());
        var stages = scala.jdk.javaapi.CollectionConverters.asJava(start.stageInfos());
        names.put(start.jobId(), stages.isEmpty() ? "?" : stages.get(stages.size() - 1).name());
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
        Long t = started.remove(end.jobId());
        String name = names.remove(end.jobId());
        if (t != null) out.printf("spark job %d %7.2f s  %s%n", end.jobId(), (System.nanoTime() - t) / 1e9, name);
    }
}
