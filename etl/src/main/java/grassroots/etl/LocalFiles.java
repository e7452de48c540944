package grassroots.etl;

import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
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

    static Set<PosixFilePermission> posix(FsPermission p) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        add(s, p.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
        add(s, p.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE);
        add(s, p.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
        return s;
    }

    private static void add(Set<PosixFilePermission> s, FsAction a, PosixFilePermission r, PosixFilePermission w,
                            PosixFilePermission x) {
        if (a.implies(FsAction.READ)) s.add(r);
        if (a.implies(FsAction.WRITE)) s.add(w);
        if (a.implies(FsAction.EXECUTE)) s.add(x);
    }
}
