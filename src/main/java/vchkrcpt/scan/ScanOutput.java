package vchkrcpt.scan;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

import vchkrcpt.cdb.CdbWriter;

/** Where the keys go: a cdb published atomically, or {@code key:value} text. */
public final class ScanOutput {
    /** A new cdb's mode, whatever the umask: every helper must read it. */
    private static final Set<PosixFilePermission> NEW_FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private ScanOutput() {
    }

    /**
     * Writes the cdb through CdbWriter (NAME.tmp.PID.N, fsync, rename): readers see the old file or
     * the whole new one. The new file gets the old one's mode, owner and group (a first one 0644).
     * Temporary files of writers that died are removed. On any error the temporary file is removed
     * and the old file stays.
     *
     * @param onlyIfChanged leave the file alone when it already holds exactly these keys
     * @param reader the user the helpers run as, whose access is checked afterwards; or {@code null}
     * @param warnings receives what the caller should say: files it could not hand over, a cdb the
     *     reader cannot read, temporary files removed
     * @return whether the file was replaced
     */
    public static boolean publish(Path output, SortedMap<String, String> keys, boolean onlyIfChanged, SmtpReader reader,
            List<String> warnings) throws IOException {
        boolean written = !onlyIfChanged || !ExistingCdb.holdsExactly(output, keys);
        if (written) {
            write(output, keys, warnings);
        }
        if (reader != null) {
            String denied = reader.cannotRead(output);
            if (denied != null) {
                warnings.add(denied + ": every RCPT will get 421 (#4.3.0) until it can");
            }
        }
        return written;
    }

    private static void write(Path output, SortedMap<String, String> keys, List<String> warnings) throws IOException {
        PosixFileAttributes old = null;
        try {
            old = Files.readAttributes(output, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            // The first one.
        }
        try (CdbWriter writer = new CdbWriter(output)) {
            removeStale(output, writer.temporary(), warnings);
            for (Map.Entry<String, String> entry : keys.entrySet()) {
                writer.add(entry.getKey().getBytes(StandardCharsets.ISO_8859_1),
                        entry.getValue().getBytes(StandardCharsets.ISO_8859_1));
            }
            takeOver(old != null && old.isRegularFile() ? old : null, writer.temporary(), output, warnings);
            writer.commit();
        } catch (FileSystemException e) {
            String file = e.getFile() != null ? e.getFile() + ": " : "";
            throw new IOException("unable to write " + output + ": " + file + InstallFiles.why(e), e);
        } catch (IOException e) {
            throw new IOException("unable to write " + output + ": " + InstallFiles.why(e), e);
        }
    }

    /** Gives the new file the old one's owner, group and mode; a first file gets 0644. */
    private static void takeOver(PosixFileAttributes old, Path temporary, Path output, List<String> warnings)
            throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(temporary, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (old == null) {
            view.setPermissions(NEW_FILE_MODE);
            return;
        }
        PosixFileAttributes now = view.readAttributes();
        try {
            if (!now.owner().equals(old.owner())) {
                view.setOwner(old.owner());
            }
            if (!now.group().equals(old.group())) {
                view.setGroup(old.group());
            }
        } catch (IOException e) {
            warnings.add("unable to give the new " + output + " the old one's owner " + old.owner().getName()
                    + " and group " + old.group().getName() + ": " + InstallFiles.why(e));
        }
        view.setPermissions(old.permissions());
    }

    /**
     * Removes {@code NAME.tmp.PID.N} files that a writer killed outright left: only regular files
     * of our own uid whose process is gone.
     */
    private static void removeStale(Path output, Path ours, List<String> warnings) throws IOException {
        Path dir = output.toAbsolutePath().getParent();
        String prefix = output.getFileName() + ".tmp.";
        int ourUid = InstallFiles.uid(ours, LinkOption.NOFOLLOW_LINKS);
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                int dot = name.indexOf('.', prefix.length());
                if (!name.startsWith(prefix) || entry.getFileName().equals(ours.getFileName()) || dot < 0
                        || !Digits.only(name.substring(prefix.length(), dot)) || !Digits.only(name.substring(dot + 1))
                        || dot - prefix.length() > 18) {
                    continue;
                }
                long pid = Long.parseLong(name.substring(prefix.length(), dot));
                if (ProcessHandle.of(pid).isEmpty() && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)
                        && InstallFiles.uid(entry, LinkOption.NOFOLLOW_LINKS) == ourUid && Files.deleteIfExists(entry)) {
                    removed++;
                }
            }
        }
        if (removed > 0) {
            warnings.add("removed " + removed + " temporary file(s) " + dir.resolve(prefix) + "PID.N left by killed scans");
        }
    }

    /** {@code key:value} lines in key order, as bytes. */
    public static void text(SortedMap<String, String> keys, OutputStream out) throws IOException {
        for (Map.Entry<String, String> entry : keys.entrySet()) {
            out.write(entry.getKey().getBytes(StandardCharsets.ISO_8859_1));
            out.write(':');
            out.write(entry.getValue().getBytes(StandardCharsets.ISO_8859_1));
            out.write('\n');
        }
        out.flush();
    }
}
