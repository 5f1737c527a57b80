package vchkrcpt.env;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;

/**
 * Files the helper reads must be regular files: open(2) of a FIFO blocks until a writer comes, a
 * device may never end or block too. Checked with stat(2) before the open (links followed: admins
 * link the cdb). A FIFO put there between the check and the open can still block the open; the
 * helper's deadline answers then.
 */
public final class RegularFile {
    private RegularFile() {
    }

    /**
     * @throws FileSystemException when {@code file} exists and is not a regular file; a file that
     *     does not exist or cannot be looked up passes, so that the open reports why
     */
    public static void require(File file) throws FileSystemException {
        if (!file.isFile() && file.exists()) {
            throw new FileSystemException(file.getPath(), null, "not a regular file (" + kind(file) + ")");
        }
    }

    private static String kind(File file) {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(file.toPath(), "unix:mode");
        } catch (IOException | RuntimeException e) {
            return "unknown type";
        }
        switch (mode & 0170000) {
            case 0010000:
                return "a FIFO";
            case 0020000:
                return "a character device";
            case 0040000:
                return "a directory";
            case 0060000:
                return "a block device";
            case 0140000:
                return "a socket";
            default:
                return "type " + Integer.toOctalString(mode & 0170000);
        }
    }
}
