package vchkrcpt.scan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import vchkrcpt.cdb.CdbSequentialReader;
import vchkrcpt.policy.Addresses;

/**
 * vpopmail's default (cdb) backend: {@code DIR/vpasswd} per domain, and {@code DIR/vpasswd.cdb},
 * which vpopmail compiles from it after every change (and which vdelivermail reads). Both are
 * opened without following links and only when owned by the domain's user in users/assign.
 */
final class VpasswdStore implements UserStore {
    static final String OWNER = "the domain's user in users/assign, as vpopmail leaves its files";

    private final long pauseMillis;

    /** @param pauseMillis how long to wait before reading vpasswd again when there is no vpasswd.cdb */
    VpasswdStore(long pauseMillis) {
        this.pauseMillis = pauseMillis;
    }

    @Override
    public DomainUsers read(VpopmailDomain domain) throws IOException {
        Path vpasswd = InstallFiles.path(domain.dir()).resolve("vpasswd");
        String text = InstallFiles.readOwnedIfExists(vpasswd, domain.uid(), OWNER);
        if (text == null) {
            throw new IOException("unable to read " + vpasswd + ": does not exist (vpopmail's cdb backend keeps one"
                    + " per domain; the SQL and LDAP backends keep no vpasswd: see --backend)");
        }
        return new DomainUsers(VpasswdFile.mailboxes(text, vpasswd.toString()), List.of());
    }

    /** vpasswd.cdb must hold the same names; without one, vpasswd read again after the pause must. */
    @Override
    public void confirm(VpopmailDomain domain, DomainUsers read) throws IOException {
        Path dir = InstallFiles.path(domain.dir());
        Set<String> names = names(read);
        Set<String> compiled = InstallFiles.readOwnedIfExists(dir.resolve("vpasswd.cdb"), domain.uid(), OWNER,
                VpasswdStore::cdbNames);
        if (compiled != null) {
            if (!compiled.equals(names)) {
                throw new IOException("vpasswd has " + names.size() + " names and vpasswd.cdb " + compiled.size()
                        + ": vpasswd is being written or was cut short");
            }
            return;
        }
        Pause.sleep(pauseMillis);
        Set<String> again = names(read(domain));
        if (!again.equals(names)) {
            throw new IOException("vpasswd changed from " + names.size() + " to " + again.size()
                    + " names within " + pauseMillis + " ms (being written?), and there is no vpasswd.cdb to compare");
        }
    }

    private static Set<String> names(DomainUsers users) {
        Set<String> names = new HashSet<>();
        for (Mailbox mailbox : users.mailboxes()) {
            names.add(mailbox.name());
        }
        return names;
    }

    /** vpasswd.cdb's keys are the user names, the data the rest of the vpasswd line. */
    private static Set<String> cdbNames(FileChannel channel) throws IOException {
        Set<String> names = new HashSet<>();
        CdbSequentialReader records = CdbSequentialReader.over(channel);
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        while (records.next()) {
            key.reset();
            records.copyKey(key);
            names.add(Addresses.lowerAscii(key.toString(StandardCharsets.ISO_8859_1)));
        }
        return names;
    }

    @Override
    public String describe() {
        return "vpasswd files";
    }

    @Override
    public void close() {
    }
}
