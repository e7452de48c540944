package grassroots.etl.steps;

import grassroots.warehouse.returns.ReturnFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** How a form's files are cut into the load's Spark tasks (CheckedRows.tasks). */
class LoadTasksTest {
    @TempDir
    Path returns;

    private ReturnFile file(String name, int bytes) throws IOException {
        Path p = Files.write(returns.resolve(name), new byte[bytes]);
        return ReturnFile.unchanged(p, returns, "JC-1", 0, List.of(), List.of());
    }

    private static long bytes(List<ReturnFile> task) {
        return task.stream().mapToLong(f -> Path.of(f.path()).toFile().length()).sum();
    }

    @Test
    void largeFilesAloneSmallOnesTogetherLargestFirst() throws IOException {
        int mb = 1 << 20;
        List<ReturnFile> files = new ArrayList<>();
        files.add(file("a_11.csv", 2 * mb));
        for (int i = 0; i < 40; i++) files.add(file("b_" + i + ".csv", 100_000));
        files.add(file("c_37.csv", 5 * mb));
        files.add(file("d_64.csv", 3 * mb));

        List<List<ReturnFile>> tasks = CheckedRows.tasks(files, 2);
        assertEquals(List.of("c_37.csv", "d_64.csv", "a_11.csv"), tasks.subList(0, 3).stream().map(t -> t.get(0).name()).toList(),
                "the large files first, each alone, the largest first");
        for (int i = 1; i < tasks.size(); i++) {
            assertTrue(bytes(tasks.get(i - 1)) >= bytes(tasks.get(i)), "task " + i + " is no larger than the one before");
        }
        // 4 MB of small files, for 2 cores: tasks of at most half a MB (four per core), each file in one task
        assertTrue(tasks.size() > 3 + 4, "the small files share a few tasks: " + tasks.size());
        assertTrue(tasks.subList(3, tasks.size()).stream().allMatch(t -> t.size() > 1 && bytes(t) <= 4_000_000 / 8 + 100_000));
        assertEquals(files.stream().map(ReturnFile::name).sorted().toList(),
                tasks.stream().flatMap(List::stream).map(ReturnFile::name).sorted().toList(), "every file once");
    }
}
