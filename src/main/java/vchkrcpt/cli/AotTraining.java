package vchkrcpt.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import vchkrcpt.Status;
import vchkrcpt.cdb.CdbWriter;
import vchkrcpt.env.RawEnvironment;

/**
 * The training run behind the JDK AOT cache that scripts/build creates. {@code prepare DIR} writes a
 * small validrcptto.cdb and allow file; {@code run DIR}, under -XX:AOTCacheOutput, makes the
 * helper's real decisions in one JVM (accept, reject, temporary failure, each log route, the throttle
 * state) and, unlike
 * the helper, ends normally, so that the JVM writes the cache. Two JVMs, because the cache preloads
 * every class the training loaded: the cdb writer's classes must not be among them.
 */
public final class AotTraining {
    private static final String[] RECIPIENTS = {
        "user@example.com", "User@Example.COM", "alias@example.com", "user-ext@example.com",
        "nobody@example.com", "x@catchall.example", "x@bounce.example", "postmaster", "no-at-sign",
        "a!b@example.com", "", "\u00e4@example.com",
    };
    /** syslog goes to a socket that does not exist: the route's code runs, nothing reaches a real log. */
    private static final String[] LOG_MODES = {"syslog", "stderr", "both"};

    private AotTraining() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("prepare")) {
            prepare(Path.of(args[1]));
        } else if (args.length == 2 && args[0].equals("run")) {
            run(args[1]);
        } else {
            System.err.println("usage: vchkrcpt.cli.AotTraining prepare|run DIR");
            System.exit(Status.TEMPFAIL);
        }
    }

    private static void prepare(Path dir) throws IOException {
        try (CdbWriter cdb = new CdbWriter(dir.resolve("validrcptto.cdb"))) {
            add(cdb, "user@example.com", "1");
            add(cdb, "alias@example.com", "alias");
            add(cdb, "user-default@example.com", "1");
            add(cdb, "@catchall.example", "1");
            add(cdb, "@bounce.example", "-bounce-no-mailbox");
            cdb.commit();
        }
        // Owner only: the helper refuses a state directory that others can write.
        Files.createDirectories(dir.resolve("state"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        try (FileOutputStream allow = new FileOutputStream(dir.resolve("allow").toFile())) {
            allow.write("# training\nallowed@sender.example\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void add(CdbWriter cdb, String key, String data) throws IOException {
        cdb.add(key.getBytes(StandardCharsets.ISO_8859_1), data.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void run(String dir) throws IOException {
        // The helper's entry class, which halts and so cannot be run here, is cached too.
        try {
            Class.forName("vchkrcpt.Main");
        } catch (ClassNotFoundException e) {
            throw new IOException("vchkrcpt.Main is missing from the class path", e);
        }
        RawEnvironment.read();
        for (String logMode : LOG_MODES) {
            for (String recipient : RECIPIENTS) {
                decide(dir, logMode, "sender@example.net", recipient, "validrcptto.cdb", "");
            }
            decide(dir, logMode, "allowed@sender.example", "nobody@example.com", "validrcptto.cdb", "");
            decide(dir, logMode, "", "nobody@example.com", "validrcptto.cdb", "");
            decide(dir, logMode, "sender@example.net", "user@example.com", "missing.cdb", "");
            // Most installations have no allow-list file.
            decide(dir, logMode, "sender@example.net", "user@example.com", "validrcptto.cdb",
                    "VCHKRCPT_ALLOW=" + dir + "/no-allow\0");
        }
        // The variants: fd 4 replies (scripts/build opens fd 4 and 3 on /dev/null), trusted clients, qmail-spp.
        for (String recipient : new String[] {"user@example.com", "nobody@example.com", "x@bounce.example"}) {
            decide(dir, "syslog", "sender@example.net", recipient, "validrcptto.cdb", "USE_FD4=1\0");
            decide(dir, "syslog", "sender@example.net", recipient, "validrcptto.cdb", "RELAYCLIENT=\0");
            decide(dir, "syslog", "sender@example.net", recipient, "validrcptto.cdb", "SMTP_AUTH_USER=user@example.com\0");
            decide(dir, "syslog", "sender@example.net", recipient, "validrcptto.cdb", "VCHKRCPT_LOG_CLIENT=1\0");
            spp(dir, "sender@example.net", recipient, "1");
        }
        spp(dir, "sender@example.net", "x@elsewhere.example", "0");
        System.err.flush();
    }

    private static void decide(String dir, String logMode, String sender, String recipient, String cdb, String more) {
        answer("RECIPIENT=" + recipient + "\0SENDER=" + sender + "\0" + more + settings(dir, logMode, cdb));
    }

    private static void spp(String dir, String sender, String recipient, String rcptHostsOk) {
        answer("SMTPRCPTTO=" + recipient + "\0SMTPMAILFROM=" + sender + "\0SMTPRCPTHOSTSOK=" + rcptHostsOk + "\0"
                + settings(dir, "syslog", "validrcptto.cdb"));
    }

    private static String settings(String dir, String logMode, String cdb) {
        return "TCPREMOTEIP=192.0.2.1"
                + "\0VALIDRCPTTO_CDB=" + dir + "/" + cdb + "\0VCHKRCPT_ALLOW=" + dir + "/allow"
                + "\0VCHKRCPT_LOG=" + logMode + "\0VCHKRCPT_SYSLOG=" + dir + "/no-syslog"
                // The throttle's paths too: counted rejections, a throttled sender, session and client.
                + "\0VCHKRCPT_STATE_DIR=" + dir + "/state\0VCHKRCPT_IP_LIMIT=50\0";
    }

    private static void answer(String environ) {
        HelperMode.answer(RawEnvironment.parse(environ.getBytes(StandardCharsets.ISO_8859_1)), System.err);
    }
}
