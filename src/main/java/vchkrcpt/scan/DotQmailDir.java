package vchkrcpt.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code .qmail-EXT} files of a home directory that qmail-local can open: EXT as in the file
 * name ({@code :} for a dot), lowercase, the file a regular one (through a link too, as ezmlm
 * makes them). A missing directory has none. Contents are read only when asked, through
 * {@link InstallFiles#readIfExists} (no planted links followed); a file that cannot be read so is
 * named in a warning and treated as delivering, as the user's own qmail-local may well read it.
 */
final class DotQmailDir {
    private final Path dir;
    private final Set<String> exts = new TreeSet<>();

    private DotQmailDir(Path dir) {
        this.dir = dir;
    }

    static DotQmailDir read(Path dir, List<String> warnings) throws IOException {
        DotQmailDir read = new DotQmailDir(dir);
        List<String> names;
        try {
            names = InstallFiles.list(dir, "the directory");
        } catch (IOException e) {
            if (e.getCause() instanceof NoSuchFileException || e.getCause() instanceof NotDirectoryException) {
                return read;
            }
            throw e;
        }
        for (String name : names) {
            if (DotQmailName.localPart(name) != null && Files.isRegularFile(dir.resolve(InstallFiles.path(name)))) {
                read.exts.add(name.substring(DotQmailName.PREFIX.length()));
            }
        }
        return read;
    }

    Path dir() {
        return dir;
    }

    /** @param safeExt the extension as qmail-local searches for it: lowercase, {@code :} for {@code .} */
    boolean has(String safeExt) {
        return exts.contains(safeExt);
    }

    Set<String> exts() {
        return exts;
    }

    /** The text of {@code .qmail-EXT}, or {@code null} when it cannot be read (named in a warning). */
    String text(String safeExt, List<String> warnings) {
        Path file = dir.resolve(InstallFiles.path(DotQmailName.PREFIX + safeExt));
        try {
            String text = InstallFiles.readIfExists(file);
            if (text == null) {
                warnings.add("unable to read " + file + ": vanished during the scan; taken as delivering");
            }
            return text;
        } catch (IOException e) {
            warnings.add(e.getMessage() + "; taken as delivering");
            return null;
        }
    }
}
