package vchkrcpt.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The user the helpers run as ({@code qmaild}, or {@code vpopmail} in toaster installs): a cdb
 * it cannot read makes every RCPT a 421. Found in the passwd file and, for its other groups, in
 * the group file beside it; checked with the permission bits of the file and of every directory
 * above it (ACLs are not read).
 */
public final class SmtpReader {
    public static final String DEFAULT = "qmaild";

    private final String name;
    private final long uid;
    private final Set<Long> gids = new HashSet<>();

    private SmtpReader(String name, long uid) {
        this.name = name;
        this.uid = uid;
    }

    /**
     * @return the reader, or {@code null} when the passwd file does not know it (named in a
     *     warning when the user was named on the command line; the default user may not exist)
     */
    public static SmtpReader find(String name, Path passwdFile, boolean named, List<String> warnings) {
        try {
            String text = InstallFiles.readIfExists(passwdFile);
            PasswdFile.Account account = text == null ? null
                    : PasswdFile.parse(text, passwdFile.toString(), new java.util.ArrayList<>()).get(name);
            if (account == null) {
                if (named) {
                    warnings.add("no user " + name + " in " + passwdFile + ": unable to check that it can read the cdb");
                }
                return null;
            }
            SmtpReader reader = new SmtpReader(name, account.uid());
            reader.gids.add(account.gid());
            String groups = InstallFiles.readIfExists(passwdFile.resolveSibling("group"));
            if (groups != null) {
                for (String line : TextLines.split(groups)) {
                    String[] fields = line.split(":", -1);
                    if (fields.length == 4 && Digits.only(fields[2]) && fields[2].length() <= 10
                            && List.of(fields[3].split(",")).contains(name)) {
                        reader.gids.add(Long.parseLong(fields[2]));
                    }
                }
            }
            return reader;
        } catch (IOException e) {
            warnings.add(e.getMessage() + ": unable to check that " + name + " can read the cdb");
            return null;
        }
    }

    /** @return why this user cannot read the file, or {@code null} when it can */
    String cannotRead(Path file) throws IOException {
        if (uid == 0) {
            return null;
        }
        Path real = file.toRealPath();
        for (Path dir = real.getParent(); dir != null; dir = dir.getParent()) {
            if (!allowed(dir, 1)) {
                return name + " (uid " + uid + ") cannot enter " + dir + " (" + describe(dir) + ")";
            }
        }
        if (!allowed(real, 4)) {
            return name + " (uid " + uid + ") cannot read " + file + " (" + describe(real) + ")";
        }
        return null;
    }

    private boolean allowed(Path path, int bit) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode");
        if ((Integer) Files.getAttribute(path, "unix:uid") == uid) {
            return (mode >> 6 & bit) != 0;
        }
        if (gids.contains(((Integer) Files.getAttribute(path, "unix:gid")).longValue())) {
            return (mode >> 3 & bit) != 0;
        }
        return (mode & bit) != 0;
    }

    private static String describe(Path path) throws IOException {
        return String.format("mode %04o, uid %d, gid %d", (Integer) Files.getAttribute(path, "unix:mode") & 07777,
                (Integer) Files.getAttribute(path, "unix:uid"), (Integer) Files.getAttribute(path, "unix:gid"));
    }
}
