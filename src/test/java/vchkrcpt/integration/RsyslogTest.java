package vchkrcpt.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.Helper.Result;
import vchkrcpt.testing.Rsyslog;

/**
 * The helper's syslog line through a real rsyslogd, compared byte for byte with what util-linux
 * logger sends for the same message. The tests of this class share one daemon and run in order.
 */
class RsyslogTest {
    /** A zone with a half-hour offset: a wrong offset computation cannot hide in it. */
    private static final String ZONE = "Asia/Kolkata";

    @TempDir
    static Path dir;

    private static Rsyslog rsyslog;

    @BeforeAll
    static void startRsyslog() throws Exception {
        rsyslog = Rsyslog.start(dir.resolve("rsyslog"), ZONE);
    }

    @AfterAll
    static void stopRsyslog() throws Exception {
        if (rsyslog != null) {
            rsyslog.close();
        }
    }

    private static Map<String, String> env(String recipient) {
        Map<String, String> env = new HashMap<>();
        env.put("RECIPIENT", recipient);
        env.put("SENDER", "");
        env.put("VALIDRCPTTO_CDB", Helper.TOP.resolve("examples/validrcptto.cdb").toString());
        env.put("VCHKRCPT_ALLOW", "/nonexistent/vchkrcpt-allow");
        env.put("VCHKRCPT_SYSLOG", rsyslog.socket().toString());
        env.put("TZ", ZONE);
        return env;
    }

    /** util-linux logger on the same socket; the message is given as a printf format (for raw bytes). */
    private static void logger(String printfFormat) throws Exception {
        Result r = Helper.runCommand(List.of("/bin/sh", "-c", "exec logger -u \"$0\" -p mail.info -t vchkrcpt"
                + " \"$(printf '" + printfFormat + "')\"", rsyslog.socket().toString()), Map.of(), Path.of("/"));
        assertEquals(0, r.status(), r.stderr());
        assertEquals("", r.stderr());
    }

    /** After one helper run: a logger run for the same message, and the two lines rsyslogd stored. */
    private static List<byte[]> helperAndLogger(int before, String loggerFormat) throws Exception {
        logger(loggerFormat);
        List<byte[]> lines = rsyslog.awaitLines(rsyslog.messages(), before + 2);
        return lines.subList(before, before + 2);
    }

    private static byte[] bytes(String byteString) {
        return byteString.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void theHelpersLineIsStoredExactlyAsLoggersLine() throws Exception {
        int before = Rsyslog.lines(rsyslog.messages()).size();
        Result helper = Helper.helper(env("joe@example.com"));
        assertEquals(0, helper.status());
        assertEquals("", helper.stderr(), "nothing on stderr when syslog takes the line");
        assertEquals("", helper.stdout());
        List<byte[]> lines = helperAndLogger(before, "mail from <> to <joe@example.com> : account ok");
        assertEquals("mail.info vchkrcpt: mail from <> to <joe@example.com> : account ok", Rsyslog.text(lines.get(0)));
        assertArrayEquals(lines.get(1), lines.get(0));
    }

    @Test
    void escapedBytesAndUtf8AreStoredAsTheHelperSentThem() throws Exception {
        // RECIPIENT with UTF-8, a control byte and an invalid byte, set through the shell.
        int before = Rsyslog.lines(rsyslog.messages()).size();
        Result helper = Helper.shell("RECIPIENT=$(printf 'J\\303\\266rg\\001\\377@example.org') && export RECIPIENT"
                + " && exec \"$0\"", env("overwritten"), Path.of("/"));
        assertEquals(100, helper.status(), helper.stderr());
        // logger gets the text the helper logged: valid UTF-8 as bytes, the rest as \xHH text.
        List<byte[]> lines = helperAndLogger(before,
                "mail from <> to <J\\303\\266rg\\\\x01\\\\xff@example.org> : catchall=bounce-no-mailbox");
        assertArrayEquals(bytes("mail.info vchkrcpt: mail from <> to <J\u00c3\u00b6rg\\x01\\xff@example.org>"
                + " : catchall=bounce-no-mailbox"), lines.get(0));
        assertArrayEquals(lines.get(1), lines.get(0));
    }

    @Test
    void escapesAgainstForgedLinesAreStoredUnchanged() throws Exception {
        // '>' and '\\' in the addresses, U+2028 and U+202E (right-to-left override) in the recipient.
        int before = Rsyslog.lines(rsyslog.messages()).size();
        Map<String, String> env = env("overwritten");
        env.put("VCHKRCPT_LOG_CLIENT", "1");
        env.put("TCPREMOTEIP", "192.0.2.7");
        Result helper = Helper.shell("RECIPIENT=$(printf 'nobody@example.com> : account ok\\342\\200\\250\\342\\200\\256x')"
                + " SENDER='a\\b@x' && export RECIPIENT SENDER && exec \"$0\"", env, Path.of("/"));
        assertEquals(100, helper.status(), helper.stderr());
        String stored = "mail from <a\\x5cb@x> to <nobody@example.com\\x3e : account ok\\xe2\\x80\\xa8\\xe2\\x80\\xaex>"
                + " : catchall=none client 192.0.2.7 pid " + ProcessHandle.current().pid();
        List<byte[]> lines = helperAndLogger(before, stored.replace("\\", "\\\\"));
        assertEquals("mail.info vchkrcpt: " + stored, Rsyslog.text(lines.get(0)));
        assertArrayEquals(lines.get(1), lines.get(0));
    }

    @Test
    void rsyslogsOwnEscapingOfRawBytes() throws Exception {
        // What rsyslog makes of raw bytes (here from logger): controls below 0x20 become #ooo, DEL and
        // bytes above 0x7f stay raw. The helper escapes before sending, so none of this applies to it.
        int before = Rsyslog.lines(rsyslog.messages()).size();
        logger("a\\001b\\tc\\177d\\377e\\303\\266f");
        List<byte[]> lines = rsyslog.awaitLines(rsyslog.messages(), before + 1);
        assertArrayEquals(bytes("mail.info vchkrcpt: a#001b#011c\u007fd\u00ffe\u00c3\u00b6f"), lines.get(before));
    }

    @Test
    void bothLogsWriteTheSameLineToStderrAndSyslog() throws Exception {
        int before = Rsyslog.lines(rsyslog.messages()).size();
        Map<String, String> env = env("anyone@example.net");
        env.put("VCHKRCPT_LOG", "both");
        Result helper = Helper.helper(env);
        assertEquals(100, helper.status());
        assertEquals("vchkrcpt: mail from <> to <anyone@example.net> : catchall=delete\n", helper.stderr());
        List<byte[]> lines = rsyslog.awaitLines(rsyslog.messages(), before + 1);
        assertEquals("mail.info vchkrcpt: mail from <> to <anyone@example.net> : catchall=delete",
                Rsyslog.text(lines.get(before)));
    }

    @Test
    void checkDoesNotLogAndAnEmptyRecipientIsNotLogged() throws Exception {
        int before = Rsyslog.lines(rsyslog.messages()).size();
        Result check = Helper.run(env("joe@example.com"), List.of("check", "joe@example.com"));
        assertEquals(0, check.status());
        Result empty = Helper.helper(env(""));
        assertEquals(100, empty.status());
        // A marker through the same daemon: once it is stored, anything sent before it is too.
        logger("marker");
        List<byte[]> lines = rsyslog.awaitLines(rsyslog.messages(), before + 1);
        assertEquals(before + 1, lines.size());
        assertEquals("mail.info vchkrcpt: marker", Rsyslog.text(lines.get(before)));
    }

    @Test
    void theTimeStampIsTheLocalTimeOfTheZone() throws Exception {
        assumeTrue(Files.exists(Path.of("/usr/share/zoneinfo/" + ZONE)), "tzdata is not installed");
        int before = Rsyslog.lines(rsyslog.times()).size();
        Helper.helper(env("joe@example.com"));
        String times = Rsyslog.text(rsyslog.awaitLines(rsyslog.times(), before + 1).get(before));
        // "Mmm dd hh:mm:ss | Mmm dd hh:mm:ss": as sent by the helper, as received by rsyslogd.
        String[] both = times.split(" \\| ");
        assertEquals(2, both.length, times);
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ENGLISH);
        LocalTime sent = LocalTime.parse(both[0].substring(7), clock);
        LocalTime received = LocalTime.parse(both[1].substring(7), clock);
        long seconds = java.time.Duration.between(sent, received).getSeconds();
        assertTrue(seconds >= 0 && seconds <= 2, times);
        assertEquals(both[1].substring(0, 6), both[0].substring(0, 6), times);
    }
}
