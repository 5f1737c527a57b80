package vchkrcpt.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EnvDir against daemontools' own envdir: the same directory gives the same environment. */
class EnvDirTest {
    @TempDir
    Path dir;

    private void file(String name, byte[] content) throws IOException {
        Files.write(dir.resolve(name), content);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void sameEnvironmentAsDaemontoolsEnvdir() throws Exception {
        file("PLAIN", bytes("value\n"));
        file("NO_NEWLINE", bytes("value"));
        file("TRAILING", bytes("with blanks \t \t\n"));
        file("LEADING", bytes("  kept\n"));
        file("SECOND_LINE", bytes("first\nsecond\n"));
        file("CARRIAGE", bytes("dos\r\n"));
        file("NULS", bytes("a\0b\0\n"));
        file("HIGH_BYTES", bytes("caf\u00e9\u00ff\n"));
        file("EMPTY_LINE", bytes("\nsecond\n"));
        file("REMOVED", new byte[0]);
        file("ABSENT_REMOVED", new byte[0]);
        file(".hidden", bytes("skipped\n"));
        Map<String, String> base = Map.of("REMOVED", "was set", "PLAIN", "overridden", "KEPT", "as before");

        Map<String, String> ours = EnvDir.apply(base, dir);
        assertEquals(daemontools(base), ours);
        assertEquals("with blanks", ours.get("TRAILING"));
        assertEquals("a\nb\n", ours.get("NULS"));
        assertEquals("dos\r", ours.get("CARRIAGE"));
        assertEquals("", ours.get("EMPTY_LINE"));
        assertFalse(ours.containsKey("REMOVED"));
        assertFalse(ours.containsKey(".hidden"));
        assertEquals("as before", ours.get("KEPT"));
    }

    @Test
    void aNameWithAnEqualsSignIsSkipped() throws Exception {
        file("A=B", bytes("c\n"));
        assertEquals(Map.of("A", "kept"), EnvDir.apply(Map.of("A", "kept"), dir));
    }

    @Test
    void aDirectoryInsideIsAnErrorAsForEnvdir() throws Exception {
        Files.createDirectory(dir.resolve("SUB"));
        IOException e = assertThrows(IOException.class, () -> EnvDir.apply(Map.of(), dir));
        assertTrue(e.getMessage().contains(dir.resolve("SUB").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("Is a directory"), e.getMessage());
        assertEquals(111, run(List.of("envdir", dir.toString(), "true"), Map.of()).status());
    }

    @Test
    void aMissingDirectoryIsAnError() {
        IOException e = assertThrows(IOException.class, () -> EnvDir.apply(Map.of(), dir.resolve("nothing")));
        assertTrue(e.getMessage().contains(dir.resolve("nothing").toString()), e.getMessage());
    }

    /** What {@code envdir DIR env -0} prints, started with {@code base} only. */
    private Map<String, String> daemontools(Map<String, String> base) throws Exception {
        Run r = run(List.of("envdir", dir.toString(), "env", "-0"), base);
        assertEquals(0, r.status(), r.stderr());
        Map<String, String> env = new HashMap<>(RawEnvironment.parse(r.stdout()));
        env.remove("PATH");
        return env;
    }

    private record Run(int status, byte[] stdout, String stderr) {
    }

    private static Run run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        // Values with bytes above 0x7f cannot pass through a Java String into an environment: only ASCII here.
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes());
        return new Run(p.waitFor(), out, err);
    }
}
