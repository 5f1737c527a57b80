package vchkrcpt.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.Installation;
import vchkrcpt.testing.TestCdb;

/**
 * The AOT cache makes the helper faster and nothing else: with the cache missing, stale, made for
 * another jar or another runtime, the verdicts are the same and stdout stays empty.
 */
class AotCacheTest {
    @TempDir
    Path dir;

    private Installation installation;
    private Path cdb;

    @BeforeEach
    void install() throws IOException {
        installation = Installation.copy(dir.resolve("install"));
        cdb = TestCdb.write(dir.resolve("validrcptto.cdb"), "user@example.com", "1");
    }

    @AfterEach
    void uninstall() throws IOException {
        installation.unlink();
    }

    private Map<String, String> env(String recipient) {
        return Map.of("RECIPIENT", recipient, "SENDER", "s@example.net", "VALIDRCPTTO_CDB", cdb.toString(),
                "VCHKRCPT_LOG", "stderr");
    }

    /** Accepts user@example.com, rejects nobody@example.com; returns both runs' stderr. */
    private String assertVerdicts() throws IOException, InterruptedException {
        Helper.Result accepted = installation.helper(env("user@example.com"));
        Helper.Result rejected = installation.helper(env("nobody@example.com"));
        assertEquals(0, accepted.status(), accepted.stderr());
        assertEquals(100, rejected.status(), rejected.stderr());
        assertEquals("", accepted.stdout());
        assertEquals("", rejected.stdout());
        assertTrue(accepted.stderr().endsWith("vchkrcpt: mail from <s@example.net> to <user@example.com> : account ok\n"),
                accepted.stderr());
        assertTrue(rejected.stderr().endsWith("vchkrcpt: mail from <s@example.net> to <nobody@example.com> : catchall=none\n"),
                rejected.stderr());
        return accepted.stderr() + rejected.stderr();
    }

    @Test
    void withTheCacheTheHelperPrintsOnlyItsDecision() throws Exception {
        assertEquals("vchkrcpt: mail from <s@example.net> to <user@example.com> : account ok\n"
                + "vchkrcpt: mail from <s@example.net> to <nobody@example.com> : catchall=none\n", assertVerdicts());
    }

    @Test
    void theHelpersClassesComeFromTheCache() throws Exception {
        Path classes = dir.resolve("classes.log");
        Helper.Result result = installation.helper(Map.of("RECIPIENT", "user@example.com",
                "VALIDRCPTTO_CDB", cdb.toString(), "VCHKRCPT_LOG", "stderr",
                "JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classes));
        assertEquals(0, result.status(), result.stderr());
        String log = Files.readString(classes);
        for (String name : List.of("vchkrcpt.Main", "vchkrcpt.cli.HelperMode", "vchkrcpt.cdb.CdbReader",
                "vchkrcpt.policy.RecipientLookup", "vchkrcpt.log.StderrLog")) {
            assertTrue(log.contains(" " + name + " source: shared objects file"), name + " not from the cache");
        }
    }

    /**
     * In qmail's environment (the C locale, hardly any variables, no allow-list file) not one class
     * is loaded from the jimage or the jar: the cache is trained in that environment, and every
     * class loaded apart from it costs its parsing and linking on every call.
     */
    @Test
    void inQmailsEnvironmentEveryClassComesFromTheCache() throws Exception {
        Map<String, String> accepted = Map.of("RECIPIENT", "user@example.com", "SENDER", "s@example.net",
                "VALIDRCPTTO_CDB", cdb.toString(), "VCHKRCPT_LOG", "stderr", "VCHKRCPT_ALLOW",
                dir.resolve("no-allow-list").toString());
        Map<String, String> rejected = new java.util.HashMap<>(accepted);
        rejected.put("RECIPIENT", "nobody@example.com");
        rejected.put("VCHKRCPT_LOG", "syslog");
        rejected.put("VCHKRCPT_SYSLOG", dir.resolve("no-syslog").toString());
        int run = 0;
        for (Map<String, String> env : List.of(accepted, rejected)) {
            Path classes = dir.resolve("classes" + ++run + ".log");
            Map<String, String> logged = new java.util.HashMap<>(env);
            logged.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classes);
            Helper.Result result = installation.helper(logged);
            assertEquals(env == accepted ? 0 : 100, result.status(), result.stderr());
            List<String> elsewhere = Files.readAllLines(classes).stream()
                    .filter(line -> !line.endsWith(" source: shared objects file")).toList();
            assertEquals(List.of(), elsewhere, "classes not from the AOT cache");
        }
    }

    @Test
    void missingCache() throws Exception {
        Files.delete(installation.aotCache());
        assertEquals("vchkrcpt: mail from <s@example.net> to <user@example.com> : account ok\n"
                + "vchkrcpt: mail from <s@example.net> to <nobody@example.com> : catchall=none\n", assertVerdicts());
    }

    /**
     * JDK 25.0.3 does not check the jar a cache was made from (JDK-8377932): it would run the cached
     * classes of another build. The launcher therefore ignores a cache older than the jar, as one
     * is after any rebuild of the jar that did not also make a new cache.
     */
    @Test
    void cacheOfAnotherJarIsIgnoredOnceTheJarIsNewer() throws Exception {
        Path otherJar = dir.resolve("other/vchkrcpt.jar");
        Files.createDirectories(otherJar.getParent());
        Files.copy(installation.jar(), otherJar);
        Files.writeString(dir.resolve("extra.txt"), "makes the jar another one\n");
        exec(Helper.TOP.resolve("target/jdk/bin/jar").toString(), "uf", otherJar.toString(),
                "-C", dir.toString(), "extra.txt");
        Path training = Files.createDirectories(dir.resolve("training"));
        String java = javaOf(installation).toString();
        exec(java, "-cp", otherJar.toString(), "vchkrcpt.cli.AotTraining", "prepare", training.toString());
        exec(java, "@" + installation.helperJvm(), "-XX:AOTCacheOutput=" + installation.aotCache(),
                "-cp", otherJar.toString(), "vchkrcpt.cli.AotTraining", "run", training.toString());
        installation.age(installation.aotCache(), 120);
        String stderr = assertVerdicts();
        assertTrue(stderr.contains("vchkrcpt: warning: ignoring "), stderr);
        assertTrue(stderr.contains("vchkrcpt.aot, older than the jar or helper.jvm"), stderr);
    }

    @Test
    void cacheOlderThanTheJvmOptionsIsIgnored() throws Exception {
        installation.age(installation.helperJvm(), 0);
        assertTrue(assertVerdicts().contains("vchkrcpt: warning: ignoring "));
    }

    @Test
    void cacheOfAnotherRuntimeWhenTheJlinkRuntimeIsGone() throws Exception {
        Files.deleteIfExists(installation.runtime());
        assertVerdicts();
    }

    @Test
    void garbageInTheCacheFile() throws Exception {
        byte[] junk = new byte[64 * 1024];
        new java.util.Random(1).nextBytes(junk);
        Files.write(installation.aotCache(), junk);
        assertTrue(assertVerdicts().contains("[aot]"));
    }

    private static Path javaOf(Installation installation) {
        Path runtime = installation.runtime().resolve("bin/java");
        return Files.isExecutable(runtime) ? runtime : installation.build().resolve("jdk/bin/java");
    }

    private static void exec(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), String.join(" ", command) + "\n" + output);
    }
}
