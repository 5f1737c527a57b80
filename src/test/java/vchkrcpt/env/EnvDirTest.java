package vchkrcpt.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The envdir format as daemontools' envdir reads it, checked against envdir itself where it is installed. */
class EnvDirTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.ISO_8859_1));
    }

    private Map<String, String> read(Map<String, String> env) throws IOException {
        return EnvDir.over(env, dir, StandardCharsets.ISO_8859_1);
    }

    @Test
    void theFirstLineWithoutTrailingBlanksAndNulsAsNewlines() throws IOException {
        file("PLAIN", "/var/qmail/control/validrcptto.cdb\n");
        file("NO_NEWLINE", "3600");
        file("SECOND_LINE_IGNORED", "first\nsecond\n");
        file("TRAILING_BLANKS", "value \t \t\n");
        file("LEADING_BLANKS_KEPT", "  value\n");
        file("CR_KEPT", "value\r\n");
        file("NUL", "a\0b\0\n");
        file("EMPTY_LINE", "\n");
        file("BLANKS_ONLY", " \t\nignored\n");
        assertEquals(Map.of("PLAIN", "/var/qmail/control/validrcptto.cdb", "NO_NEWLINE", "3600",
                "SECOND_LINE_IGNORED", "first", "TRAILING_BLANKS", "value", "LEADING_BLANKS_KEPT", "  value",
                "CR_KEPT", "value\r", "NUL", "a\nb\n", "EMPTY_LINE", "", "BLANKS_ONLY", ""), read(Map.of()));
    }

    @Test
    void overTheEnvironmentAnEmptyFileRemovesAVariable() throws IOException {
        file("VALIDRCPTTO_CDB", "");
        file("VCHKRCPT_LOG", "stderr\n");
        Map<String, String> env = new HashMap<>(Map.of("VALIDRCPTTO_CDB", "/elsewhere.cdb", "VCHKRCPT_LOG", "syslog",
                "PATH", "/bin"));
        assertEquals(Map.of("VCHKRCPT_LOG", "stderr", "PATH", "/bin"), read(env));
        assertEquals("/elsewhere.cdb", env.get("VALIDRCPTTO_CDB"), "the given map is not changed");
    }

    @Test
    void namesStartingWithADotAreSkipped() throws IOException {
        file(".VCHKRCPT_LOG.swp", "both\n");
        file(".hidden", "x\n");
        assertEquals(Map.of(), read(Map.of()));
    }

    @Test
    void bytesAreDecodedWithTheCharsetGiven() throws IOException {
        file("NAME", "j\u00c3\u00b6rg\n");
        assertEquals("j\u00f6rg", EnvDir.over(Map.of(), dir, StandardCharsets.UTF_8).get("NAME"));
        assertEquals("j\u00c3\u00b6rg", read(Map.of()).get("NAME"));
    }

    @Test
    void aSubdirectoryAFifoOrAMissingDirectoryIsAnError() throws Exception {
        Files.createDirectory(dir.resolve("SUB"));
        FileSystemException e = assertThrows(FileSystemException.class, () -> read(Map.of()));
        assertEquals(dir.resolve("SUB") + ": not a regular file (a directory)", e.getMessage());
        Files.delete(dir.resolve("SUB"));

        assertEquals(0, new ProcessBuilder("mkfifo", dir.resolve("FIFO").toString()).start().waitFor());
        e = assertThrows(FileSystemException.class, () -> read(Map.of()));
        assertEquals(dir.resolve("FIFO") + ": not a regular file (a FIFO)", e.getMessage());
        Files.delete(dir.resolve("FIFO"));

        assertThrows(NoSuchFileException.class,
                () -> EnvDir.over(Map.of(), dir.resolve("missing"), StandardCharsets.ISO_8859_1));
    }

    @Test
    void agreesWithDaemontoolsEnvdir() throws Exception {
        Path envdir = Path.of("/usr/bin/envdir");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(envdir), "daemontools is not installed");
        file("PLAIN", "value\n");
        file("TRAILING_BLANKS", "value \t\nsecond\n");
        file("NUL", "a\0b\n");
        file("EMPTY_LINE", "\n");
        file("REMOVED", "");
        file(".SKIPPED", "x\n");
        // env -0: NUL-terminated NAME=value, so values with newlines survive.
        Process p = new ProcessBuilder(List.of("/usr/bin/env", "-i", "REMOVED=1", envdir.toString(), dir.toString(),
                "/usr/bin/env", "-0")).redirectErrorStream(true).start();
        Map<String, String> theirs = new HashMap<>();
        for (String entry : new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1).split("\0")) {
            if (!entry.isEmpty()) {
                theirs.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
            }
        }
        assertEquals(0, p.waitFor());
        assertEquals(theirs, read(Map.of("REMOVED", "1")));
    }
}
