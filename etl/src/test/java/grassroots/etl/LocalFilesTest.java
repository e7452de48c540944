package grassroots.etl;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The local file system the ETL's Spark writes through sets the permissions Hadoop asks for, as chmod would. */
class LocalFilesTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void filesAndDirectoriesGetTheModesAskedFor() throws Exception {
        Configuration conf = new Configuration(false);
        conf.set("fs.file.impl", LocalFiles.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        FileSystem fs = FileSystem.get(dir.toUri(), conf);
        assertEquals(LocalFiles.class, fs.getClass());

        Path sub = new Path(dir.toUri().toString(), "a/b");
        fs.mkdirs(sub, new FsPermission((short) 0750));
        assertEquals("rwxr-x---", mode(dir.resolve("a/b")));

        Path file = new Path(sub, "f.parquet");
        try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20, null)) {
            out.writeBytes("x");
        }
        assertEquals("rw-r-----", mode(dir.resolve("a/b/f.parquet")));
        fs.setPermission(file, new FsPermission((short) 0604));
        assertEquals("rw----r--", mode(dir.resolve("a/b/f.parquet")));
    }

    private static String mode(java.nio.file.Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
