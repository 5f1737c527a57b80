package vchkrcpt.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.Helper.Result;
import vchkrcpt.testing.Rsyslog;

/** When syslog goes away, the line goes to stderr after a warning, and the verdict stays what it was. */
class SyslogGoneTest {
    @TempDir
    Path dir;

    private static Map<String, String> env(Path socket, String recipient) {
        Map<String, String> env = new HashMap<>();
        env.put("RECIPIENT", recipient);
        env.put("VALIDRCPTTO_CDB", Helper.TOP.resolve("examples/validrcptto.cdb").toString());
        env.put("VCHKRCPT_ALLOW", "/nonexistent/vchkrcpt-allow");
        env.put("VCHKRCPT_SYSLOG", socket.toString());
        return env;
    }

    @Test
    void aStoppedDaemonsSocketIsGone() throws Exception {
        Rsyslog rsyslog = Rsyslog.start(dir, "UTC");
        Path socket = rsyslog.socket();
        try {
            Result up = Helper.helper(env(socket, "joe@example.com"));
            assertEquals(0, up.status());
            assertEquals("", up.stderr());
            rsyslog.awaitLines(rsyslog.messages(), 1);
        } finally {
            rsyslog.close();
        }
        assertFalse(Files.exists(socket), "rsyslogd removes its socket when it stops");

        Result down = Helper.helper(env(socket, "joe@example.com"));
        assertEquals("vchkrcpt: warning: unable to log to " + socket + ": No such file or directory\n"
                + "vchkrcpt: mail from <> to <joe@example.com> : account ok\n", down.stderr());
        assertEquals("", down.stdout());
        assertEquals(0, down.status());
    }

    @Test
    void aCrashedDaemonsSocketRefuses() throws Exception {
        Rsyslog rsyslog = Rsyslog.start(dir, "UTC");
        rsyslog.crash();
        Path socket = rsyslog.socket();
        assertTrue(Files.exists(socket), "a killed rsyslogd leaves its socket behind");

        Result r = Helper.helper(env(socket, "nobody@example.com"));
        assertEquals("vchkrcpt: warning: unable to log to " + socket + ": Connection refused\n"
                + "vchkrcpt: mail from <> to <nobody@example.com> : catchall=none\n", r.stderr());
        assertEquals("", r.stdout());
        assertEquals(100, r.status());
    }
}
