package vchkrcpt.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import vchkrcpt.testing.CdbTools;

/** Builds a qmail + vpopmail installation on disk the way vadddomain, vadduser and valias leave it. */
final class VpopmailTree {
    final Path qmail;
    final Path home;
    private final List<String> assign = new ArrayList<>();
    private final List<String> virtualdomains = new ArrayList<>();

    VpopmailTree(Path root) throws IOException {
        qmail = root.resolve("qmail");
        home = root.resolve("vpopmail");
        Files.createDirectories(qmail.resolve("users"));
        Files.createDirectories(qmail.resolve("control"));
        Files.createDirectories(home.resolve("domains"));
        vpopmailConfig("USE_CDB", "CLEAR_PASS");
    }

    /** VPOPMAIL/include/vpopmail_config.h as configure writes it: the options that are on, defined to 1. */
    void vpopmailConfig(String... defines) throws IOException {
        StringBuilder text = new StringBuilder("/* config.h.  Generated from config.h.in by configure.  */\n");
        for (String define : defines) {
            text.append("/* \"\" */\n#define ").append(define).append(" 1\n\n");
        }
        text.append("/* \"\" */\n/* #undef USE_LDAP */\n");
        Files.createDirectories(home.resolve("include"));
        Files.writeString(home.resolve("include/vpopmail_config.h"), text);
    }

    /** A domain as vadddomain makes it: directory, assign line, postmaster, .qmail-default. */
    Domain domain(String name, String catchAll) throws IOException {
        Domain domain = new Domain(name, home.resolve("domains").resolve(name));
        Files.createDirectories(domain.dir);
        Files.writeString(domain.dir.resolve(".dir-control"), "0\n");
        domain.vpasswd("");
        if (catchAll != null) {
            domain.file(".qmail-default", catchAll);
        }
        assignLine(name, name, domain.dir);
        return domain;
    }

    /** vaddaliasdomain: an assign line with the real domain's name and directory. */
    void aliasDomain(String alias, Domain real) throws IOException {
        assignLine(alias, real.name, real.dir);
    }

    /**
     * As vadddomain writes them: the assign line and a control/virtualdomains line DOMAIN:DOMAIN.
     * vpopmail's files belong to the user in assign: here the user running the test.
     */
    void assignLine(String domain, String real, Path dir) throws IOException {
        assign.add("+" + domain + "-:" + real + ":" + uid() + ":" + gid() + ":" + dir + ":-::");
        writeAssign();
        virtualdomains.add(domain + ":" + domain);
        writeVirtualdomains();
    }

    void otherAssignLine(String line) throws IOException {
        assign.add(line);
        writeAssign();
    }

    void removeAssign(String domain) throws IOException {
        assign.removeIf(line -> line.startsWith("+" + domain + "-:"));
        writeAssign();
        virtualdomains.remove(domain + ":" + domain);
        writeVirtualdomains();
    }

    /** A control/virtualdomains line of the admin's, kept beside vpopmail's. */
    void virtualdomain(String line) throws IOException {
        virtualdomains.add(line);
        writeVirtualdomains();
    }

    private void writeVirtualdomains() throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : virtualdomains) {
            text.append(line).append('\n');
        }
        Path tmp = qmail.resolve("control/virtualdomains.tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, qmail.resolve("control/virtualdomains"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    int uid() throws IOException {
        return (Integer) Files.getAttribute(qmail, "unix:uid");
    }

    private int gid() throws IOException {
        return (Integer) Files.getAttribute(qmail, "unix:gid");
    }

    private void writeAssign() throws IOException {
        List<String> sorted = new ArrayList<>(assign);
        sorted.sort(null);
        StringBuilder text = new StringBuilder();
        for (String line : sorted) {
            text.append(line).append('\n');
        }
        text.append(".\n");
        Path tmp = qmail.resolve("users/assign.tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, qmail.resolve("users/assign"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** control/morercpthosts and, as qmail-newmrh compiles it, morercpthosts.cdb (freecdb's cdbmake). */
    void morercpthosts(String... domains) throws IOException {
        control("morercpthosts", domains);
        List<CdbTools.Entry> entries = new ArrayList<>();
        for (String domain : domains) {
            entries.add(CdbTools.entry(domain, ""));
        }
        try {
            CdbTools.cdbmake(qmail.resolve("control/morercpthosts.cdb"), entries);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    void control(String file, String... lines) throws IOException {
        Files.writeString(qmail.resolve("control").resolve(file), String.join("\n", lines) + "\n");
    }

    static final class Domain {
        final String name;
        final Path dir;

        Domain(String name, Path dir) {
            this.name = name;
            this.dir = dir;
        }

        /** A 5.4-style line: clear password as the 8th field; the user directory at DIR/USER. */
        Domain user54(String user) throws IOException {
            Path userDir = dir.resolve(user.toLowerCase());
            Files.createDirectories(userDir.resolve("Maildir/new"));
            return append(user + ":$1$Xy$abcdefgh:1:0:" + user + ":" + userDir + ":NOQUOTA:secret\n");
        }

        /** A 5.6-style line: seven fields; the user directory in hash directory {@code hash}. */
        Domain user56(String user, String hash) throws IOException {
            Path userDir = hash == null ? dir.resolve(user) : dir.resolve(hash).resolve(user);
            Files.createDirectories(userDir.resolve("Maildir/new"));
            Files.writeString(userDir.resolve("lastauth"), "");
            return append(user + ":$6$salt$hash:1:0:" + user + ":" + userDir + ":5000000S\n");
        }

        Domain append(String vpasswdText) throws IOException {
            Files.writeString(dir.resolve("vpasswd"), vpasswdText, StandardCharsets.ISO_8859_1,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return this;
        }

        Domain vpasswd(String text) throws IOException {
            Files.writeString(dir.resolve("vpasswd"), text, StandardCharsets.ISO_8859_1);
            return this;
        }

        /** What vpopmail does after each change: vpasswd.cdb, key the name, data the rest of the line. */
        Domain compileVpasswd() throws IOException {
            try (vchkrcpt.cdb.CdbWriter cdb = new vchkrcpt.cdb.CdbWriter(dir.resolve("vpasswd.cdb"))) {
                for (String line : Files.readAllLines(dir.resolve("vpasswd"), StandardCharsets.ISO_8859_1)) {
                    int colon = line.indexOf(':');
                    cdb.add(line.substring(0, colon).getBytes(StandardCharsets.ISO_8859_1),
                            line.substring(colon + 1).getBytes(StandardCharsets.ISO_8859_1));
                }
                cdb.commit();
            }
            return this;
        }

        Domain file(String name, String content) throws IOException {
            Files.writeString(dir.resolve(name), content, StandardCharsets.ISO_8859_1);
            return this;
        }
    }
}
