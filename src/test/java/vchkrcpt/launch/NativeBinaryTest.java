package vchkrcpt.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.Installation;

/**
 * scripts/vchkrcpt prefers the build's vchkrcpt-native. In helper mode it still guards it (odd statuses
 * become 111, its stdout goes to stderr); admin commands run it directly. A stand-in script plays the
 * binary here.
 */
class NativeBinaryTest {
    @TempDir
    Path dir;

    private Installation installation;

    @BeforeEach
    void install() throws IOException {
        installation = Installation.copy(dir.resolve("install"));
    }

    private void standIn(String body) throws IOException {
        Path binary = installation.nativeBinary();
        Files.writeString(binary, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void uninstall() throws IOException {
        installation.unlink();
    }

    @Test
    void helperModeGuardsTheBinary() throws Exception {
        standIn("echo \"native: $# arguments\"; exit 1");
        Helper.Result result = installation.helper(Map.of("RECIPIENT", "user@example.com"));
        assertEquals(111, result.status());
        assertEquals("", result.stdout());
        assertTrue(result.stderr().startsWith("native: 0 arguments\n"), result.stderr());
        assertTrue(result.stderr().contains("vchkrcpt: fatal: the helper ended with status 1"), result.stderr());
    }

    @Test
    void helperModePassesTheVerdicts() throws Exception {
        for (int status : new int[] {0, 100, 111}) {
            standIn("exit " + status);
            assertEquals(status, installation.helper(Map.of("RECIPIENT", "user@example.com")).status());
        }
    }

    @Test
    void commandsRunTheBinaryDirectly() throws Exception {
        standIn("echo \"native: $*\"; exit 2");
        Helper.Result result = installation.run(Map.of(), List.of(), List.of("check", "user@example.com"));
        assertEquals(2, result.status());
        assertEquals("native: check user@example.com\n", result.stdout());
    }

    @Test
    void aBinaryThatIsNotExecutableIsNotUsed() throws Exception {
        Path binary = installation.nativeBinary();
        Files.writeString(binary, "not a program\n");
        Helper.Result result = installation.run(Map.of(), List.of(), List.of("--version"));
        assertEquals(0, result.status(), result.stderr());
        assertTrue(result.stdout().startsWith("vchkrcpt "), result.stdout());
    }
}
