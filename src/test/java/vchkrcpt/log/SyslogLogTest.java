package vchkrcpt.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When syslog cannot take the line: a warning and the line on stderr. (Delivery: RsyslogTest.)
 * Surefire points vchkrcpt.liblog at the built library, so this runs the JNI route.
 */
class SyslogLogTest {
    private static final byte[] LINE = "mail from <> to <joe@example.com> : account ok".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private List<String> writeTo(String socket, boolean lineOnStderrAnyway) {
        StderrLogTest.Writes fd = new StderrLogTest.Writes();
        new SyslogLog(socket, new StderrLog(fd.asStderr()), lineOnStderrAnyway).write(LINE);
        return fd.chunks;
    }

    @Test
    void aMissingSocketPutsAWarningAndTheLineOnStderr() {
        String socket = dir.resolve("no-such-socket").toString();
        assertEquals(List.of("vchkrcpt: warning: unable to log to " + socket + ": No such file or directory\n",
                "vchkrcpt: mail from <> to <joe@example.com> : account ok\n"), writeTo(socket, false));
    }

    @Test
    void withBothLogsOnlyTheWarningIsAdded() {
        String socket = dir.resolve("no-such-socket").toString();
        assertEquals(List.of("vchkrcpt: warning: unable to log to " + socket + ": No such file or directory\n"),
                writeTo(socket, true));
    }

    @Test
    void aFileThatIsNoSocketIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "");
        assertEquals("vchkrcpt: warning: unable to log to " + file + ": Connection refused\n",
                writeTo(file.toString(), false).get(0));
    }

    @Test
    void theLoggerRouteReportsAMissingSocketToo() {
        String socket = dir.resolve("no-such-socket").toString();
        IOException e = assertThrows(IOException.class, () -> LoggerCommand.send(socket, LINE));
        assertEquals("logger: socket " + socket + ": No such file or directory", e.getMessage());
    }

    @Test
    void aSocketPathTooLongForSockaddrUnIsAWarning() {
        String socket = "/" + "s".repeat(108);
        assertEquals(List.of("vchkrcpt: warning: unable to log to " + socket + ": File name too long\n",
                "vchkrcpt: mail from <> to <joe@example.com> : account ok\n"), writeTo(socket, false));
    }
}
