package vchkrcpt.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.TestCdb;

/**
 * A small SMTP service that doctor finds right, laid out as scripts/install and the README leave
 * one, in a private directory: the qmail home (control files, the cdb, a qmail-smtpd whose strings
 * are Soffian's patch, bin/vchkrcpt linked to PREFIX/current/vchkrcpt), a build under PREFIX made
 * of the real build's files, the service's envdir, and the state directory owned by the SMTP user.
 * Tests break one thing each.
 */
final class ServiceTree {
    /** The strings each family's qmail-smtpd.c and qmail-spp.c compile in (../shared/contract.md). */
    static final String SOFFIAN = "\u0000RCPTCHECK\u0000421 unable to verify recipient (#4.3.0)\r\n\u0000";
    static final String JMS1 = "\u0000RCPTCHECK\u0000SENDER\u0000USE_FD4\u0000RCPTCHECK error: \u0000control/smtpplugins\u0000NOSPP\u0000";
    static final String SAGREDO = "\u0000RCPTCHECK\u0000RCPTCHECKRELAYCLIENT\u0000RCPTFOUND\u0000USE_FD4\u0000control/smtpplugins\u0000"
            + "ENABLE_SPP\u0000SPPCONFFILE\u0000";
    static final String SPP_ONLY = "\u0000control/smtpplugins\u0000NOSPP\u0000SPPCONFFILE\u0000";
    static final String NO_CHECK = "\u0000control/rcpthosts\u0000";

    final Path dir;
    final Path qmail;
    final Path env;
    final Path state;
    final Path build;
    final Path cdb;
    final String user;

    ServiceTree(Path dir, String user, Path syslogSocket) throws IOException, InterruptedException {
        this.dir = dir;
        this.user = user;
        qmail = dir.resolve("qmail");
        env = Files.createDirectories(dir.resolve("env"));
        state = Files.createDirectories(dir.resolve("state"));
        build = Files.createDirectories(dir.resolve("prefix/builds/b1"));
        cdb = qmail.resolve("control/validrcptto.cdb");
        Files.createDirectories(qmail.resolve("control"));
        Files.createDirectories(qmail.resolve("bin"));
        Files.writeString(qmail.resolve("control/rcpthosts"), "example.com\nexample.org\n");
        TestCdb.write(cdb, "joe@example.com", "joe", "sales@example.com", "alias", "@example.org", "-bounce-no-mailbox");
        smtpd(SOFFIAN);
        installBuild();
        Files.createSymbolicLink(qmail.resolve("bin/vchkrcpt"), dir.resolve("prefix/current/vchkrcpt"));

        set("RCPTCHECK", qmail.resolve("bin/vchkrcpt").toString());
        set("VALIDRCPTTO_CDB", "control/validrcptto.cdb");   // relative: to the qmail home, as for the helper
        set("VCHKRCPT_STATE_DIR", state.toString());
        set("VCHKRCPT_SYSLOG", syslogSocket.toString());
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        run("chown", user, state.toString());
    }

    /** PREFIX/builds/b1, which PREFIX/current names: the real build's files, its own launcher, jar and cache. */
    private void installBuild() throws IOException {
        Path real = Helper.TOP.resolve("target/current").toRealPath();
        String launcher = Files.readString(Helper.TOP.resolve("scripts/vchkrcpt"));
        Files.writeString(build.resolve("vchkrcpt"), launcher.replace("\nbuild=\n", "\nbuild='" + build + "'\n"));
        Files.setPosixFilePermissions(build.resolve("vchkrcpt"), PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String name : List.of("lib", "runtime", "jdk")) {
            if (Files.exists(real.resolve(name))) {
                Files.createSymbolicLink(build.resolve(name), real.resolve(name).toRealPath());
            }
        }
        for (String name : List.of("helper.jvm", "vchkrcpt.jar", "vchkrcpt.aot")) {
            Files.copy(real.resolve(name), build.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.createSymbolicLink(dir.resolve("prefix/current"), Path.of("builds/b1"));
    }

    /** The service's qmail-smtpd: an ELF header and the strings of a family. */
    void smtpd(String strings) throws IOException {
        Files.write(qmail.resolve("bin/qmail-smtpd"), ("\u007fELF\u0002\u0001\u0001" + strings).getBytes(StandardCharsets.ISO_8859_1));
    }

    /** One file of the envdir; null makes it empty (envdir then removes the variable). */
    void set(String name, String value) throws IOException {
        Files.writeString(env.resolve(name), value == null ? "" : value + "\n");
    }

    /** Sets a file's modification time this many seconds from now (negative: in the past). */
    static void touch(Path file, int seconds) throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + seconds * 1000L));
    }

    /** Removes the links to the real build, which a temporary directory's clean-up would follow. */
    void unlink() throws IOException {
        for (String name : List.of("lib", "runtime", "jdk")) {
            Files.deleteIfExists(build.resolve(name));
        }
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
    }
}
