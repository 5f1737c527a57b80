package vchkrcpt.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;

/**
 * A qmail installation with system users, without touching the system: a passwd file of our
 * own, home directories under the test's directory, the alias directory. Homes belong to
 * {@link #uid}: the test's own uid, or, as root (whose accounts qmail-getpw never uses), a made-up
 * one the files are handed to.
 */
final class SystemTree {
    /** The uid of the accounts when the test runs as root. */
    private static final int ROOT_TEST_UID = 4242;

    final VpopmailTree tree;
    final Path qmail;
    final Path passwd;
    final Path aliasDir;
    final int uid;
    /** The default uid range, widened when the test's own uid lies outside it (nobody, 65534). */
    final ScanSettings.UidRange uids;
    private final Path homes;
    private final List<String> passwdLines = new ArrayList<>();

    SystemTree(Path root) throws IOException {
        tree = new VpopmailTree(root);
        qmail = tree.qmail;
        passwd = root.resolve("etc/passwd");
        Files.createDirectories(passwd.getParent());
        aliasDir = qmail.resolve("alias");
        Files.createDirectories(aliasDir);
        homes = root.resolve("home");
        Files.createDirectories(homes);
        int own = (Integer) Files.getAttribute(root, "unix:uid");
        uid = own == 0 ? ROOT_TEST_UID : own;
        uids = ScanSettings.UidRange.DEFAULT.contains(uid) ? ScanSettings.UidRange.DEFAULT
                : new ScanSettings.UidRange(ScanSettings.UidRange.DEFAULT.min(), uid);
        writePasswd();
    }

    /** An account whose home exists and belongs to it. */
    Path account(String name) throws IOException {
        Path home = homes.resolve(name);
        Files.createDirectories(home);
        own(home);
        passwdLine(name + ":x:" + uid + ":" + uid + ":" + name + ":" + home + ":/bin/sh");
        return home;
    }

    /** An account with this uid whose home (present, ours) does not belong to it, or is missing. */
    Path accountWithUid(String name, long accountUid, boolean makeHome) throws IOException {
        Path home = homes.resolve(name);
        if (makeHome) {
            Files.createDirectories(home);
            own(home);
        }
        passwdLine(name + ":x:" + accountUid + ":" + accountUid + "::" + home + ":/bin/sh");
        return home;
    }

    void passwdLine(String line) throws IOException {
        passwdLines.add(line);
        writePasswd();
    }

    private void writePasswd() throws IOException {
        Files.writeString(passwd, String.join("\n", passwdLines) + (passwdLines.isEmpty() ? "" : "\n"));
    }

    /** A .qmail file in a home or the alias directory, handed to the home's owner. */
    Path dotQmail(Path dir, String ext, String text) throws IOException {
        Path file = dir.resolve(".qmail-" + ext);
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        own(file);
        return file;
    }

    /** Hands a file to {@link #uid} when the test runs as root (a normal user's files are its own). */
    void own(Path file) throws IOException {
        if ((Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS) != uid) {
            UserPrincipalLookupService users = file.getFileSystem().getUserPrincipalLookupService();
            Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setOwner(users.lookupPrincipalByName(Integer.toString(uid)));
        }
    }

    void control(String file, String... lines) throws IOException {
        tree.control(file, lines);
    }

    /** The settings of this tree: its passwd file and alias directory, every other default. */
    ScanSettings settings(ScanSettings.UncheckedDomains unchecked, Path aliasesCdb, Path routed, Path... includes) {
        return new ScanSettings(qmail, null, List.of(includes), unchecked, passwd, aliasDir, uids, aliasesCdb, routed,
                AccountOptions.BUILT_IN);
    }
}
