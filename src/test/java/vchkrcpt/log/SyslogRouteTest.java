package vchkrcpt.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.Installation;
import vchkrcpt.testing.TestCdb;

/**
 * The helper's syslog datagram, through libvchkrcptlog.so and through the logger fallback, is the
 * one {@code logger -p mail.info -t vchkrcpt} sends, byte for byte but the time stamp. The JDK
 * cannot receive on a datagram UNIX socket, so a few lines of Python play /dev/log.
 */
class SyslogRouteTest {
    private static final String LISTENER = String.join("\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "s.bind(sys.argv[1])",
            "s.settimeout(60)",
            "print('ready', flush=True)",
            "while True:",
            "    print(s.recv(65536).hex(), flush=True)");
    /** {@code <22>Mmm dd hh:mm:ss vchkrcpt: }: RFC 3164 time stamp, day padded with a space. */
    private static final Pattern HEADER = Pattern.compile(
            "<22>(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 123][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] vchkrcpt: ");
    private static final int HEADER_LENGTH = "<22>Mmm dd hh:mm:ss vchkrcpt: ".length();

    @TempDir
    Path dir;

    private Installation installation;
    private Path cdb;
    private Path socket;
    private Process listener;
    private BufferedReader datagrams;

    @BeforeEach
    void listen() throws IOException {
        installation = Installation.copy(dir.resolve("install"));
        cdb = TestCdb.write(dir.resolve("validrcptto.cdb"), "user@example.com", "1");
        socket = dir.resolve("log");
        listener = new ProcessBuilder("python3", "-c", LISTENER, socket.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        datagrams = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.US_ASCII));
        assertEquals("ready", datagrams.readLine(), "python3 must be installed (scripts/test installs it)");
    }

    @AfterEach
    void stop() throws IOException {
        listener.destroy();
        installation.unlink();
    }

    private byte[] nextDatagram() throws IOException {
        String hex = datagrams.readLine();
        assertTrue(hex != null, "no datagram arrived");
        return HexFormat.of().parseHex(hex);
    }

    private Map<String, String> env(String recipient) {
        return Map.of("RECIPIENT", recipient, "SENDER", "s@example.net", "VALIDRCPTTO_CDB", cdb.toString(),
                "VCHKRCPT_SYSLOG", socket.toString());
    }

    private byte[] helperDatagram(String recipient, int status) throws IOException, InterruptedException {
        return helperDatagram(List.of(), env(recipient), status);
    }

    private byte[] helperDatagram(List<String> wrapper, Map<String, String> env, int status)
            throws IOException, InterruptedException {
        Helper.Result result = installation.run(env, wrapper, List.of());
        assertEquals(status, result.status(), result.stderr());
        assertEquals("", result.stdout());
        assertEquals("", result.stderr(), "a delivered line is not repeated on stderr");
        return nextDatagram();
    }

    private static void assertSameButTimeStamp(byte[] expected, byte[] actual) {
        assertTrue(HEADER.matcher(new String(actual, 0, HEADER_LENGTH, StandardCharsets.ISO_8859_1)).matches(),
                new String(actual, StandardCharsets.ISO_8859_1));
        assertArrayEquals(Arrays.copyOfRange(expected, HEADER_LENGTH, expected.length),
                Arrays.copyOfRange(actual, HEADER_LENGTH, actual.length));
        assertArrayEquals(Arrays.copyOf(expected, 4), Arrays.copyOf(actual, 4));
    }

    @Test
    void libraryRouteSendsWhatLoggerSends() throws Exception {
        assertTrue(Files.exists(installation.syslogLibrary()), "scripts/build compiles the library where gcc exists");
        byte[] helper = helperDatagram("user@example.com", 0);
        Helper.Result logger = Helper.runCommand(List.of("logger", "-u", socket.toString(), "-p", "mail.info",
                "-t", "vchkrcpt", "mail from <s@example.net> to <user@example.com> : account ok"), Map.of(), dir);
        assertEquals(0, logger.status(), logger.stderr());
        byte[] reference = nextDatagram();
        assertTrue(HEADER.matcher(new String(reference, 0, HEADER_LENGTH, StandardCharsets.ISO_8859_1)).matches());
        assertSameButTimeStamp(reference, helper);
    }

    @Test
    void withoutTheLibraryLoggerItselfSendsTheSameBytes() throws Exception {
        // Raw bytes in the environment, whatever this JVM's locale: UTF-8 for u-umlaut, then a BEL.
        List<String> recipient = List.of("/bin/sh", "-c", "RECIPIENT=$(printf 'j\\303\\274rg\\007@example.com') exec \"$0\"");
        Map<String, String> env = Map.of("SENDER", "s@example.net", "VALIDRCPTTO_CDB", cdb.toString(),
                "VCHKRCPT_SYSLOG", socket.toString());
        byte[] viaLibrary = helperDatagram(recipient, env, 100);
        Files.delete(installation.syslogLibrary());
        byte[] viaLogger = helperDatagram(recipient, env, 100);
        assertSameButTimeStamp(viaLibrary, viaLogger);
        assertTrue(new String(viaLogger, StandardCharsets.ISO_8859_1)
                .endsWith("to <j\u00c3\u00bcrg\\x07@example.com> : catchall=none"));
    }

    @Test
    void aSocketThatIsNotThereLeavesTheVerdictAndTheLineOnStderr() throws Exception {
        Helper.Result result = installation.helper(Map.of("RECIPIENT", "user@example.com",
                "VALIDRCPTTO_CDB", cdb.toString(), "VCHKRCPT_SYSLOG", dir.resolve("nothing").toString()));
        assertEquals(0, result.status());
        assertEquals("", result.stdout());
        assertEquals("vchkrcpt: warning: unable to log to " + dir.resolve("nothing") + ": No such file or directory\n"
                + "vchkrcpt: mail from <> to <user@example.com> : account ok\n", result.stderr());
    }
}
