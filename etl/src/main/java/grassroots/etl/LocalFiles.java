package grassroots.etl;

import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Hadoop's local file system ({@code file:}), with a file's or directory's permissions set by Java rather than by a
 * {@code chmod} process. Without Hadoop's native library (not on Maven Central) every file and directory Spark
 * writes started one: three per province-year written, ≈ 1,400 per form, which was most of the small form's load.
 * The permissions set are the same.
 */
public final class LocalFiles extends LocalFileSystem {
    public LocalFiles() {
        super(new Raw());
    }

    static final class Raw extends RawLocalFileSystem {
        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
        }
    }

    /** rwx for user, group and others, as chmod sets them (Spark sets no sticky bit on its files). */
    static Set<PosixFilePermission> posix(FsPermission p) {
        return PosixFilePermissions.fromString(p.getUserAction().SYMBOL + p.getGroupAction().SYMBOL + p.getOtherAction().SYMBOL);
    }
}
