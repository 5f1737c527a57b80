package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Daemontools;
import vchkrcpt.testing.Helper;
import vchkrcpt.testing.ResidentServer;

/** The shipped run files of the resident checker, under daemontools as installed (paths edited). */
class ServeServiceTest {
    @TempDir
    Path root;

    @Test
    void superviseStartsAndStopsTheServer() throws Exception {
        assumeTrue(new File("/usr/bin/supervise").canExecute(), "daemontools is not installed");
        String user = System.getProperty("user.name");
        Path bin = Files.createDirectories(root.resolve("bin"));
        if (!Env.root()) {
            // setuidgid needs root; the switch itself is not what this test is about.
            Daemontools.executable(bin.resolve("setuidgid"), "#!/bin/sh\nshift\nexec \"$@\"\n");
        }
        Path state = Files.createDirectories(root.resolve("state"));
        Path socketDir = root.resolve("run/vchkrcpt");
        Path envdir = Files.createDirectories(root.resolve("env"));
        Map<String, String> settings = Map.of("VALIDRCPTTO_CDB", Env.EXAMPLE_CDB.toString(),
                "VCHKRCPT_ALLOW", "/nonexistent/vchkrcpt-allow", "VCHKRCPT_LOG", "stderr",
                "VCHKRCPT_STATE_DIR", state.toString(), "VCHKRCPT_SOCKET", socketDir.resolve("socket").toString());
        for (Map.Entry<String, String> e : settings.entrySet()) {
            Files.writeString(envdir.resolve(e.getKey()), e.getValue() + "\n");
        }
        Files.writeString(envdir.resolve("VCHKRCPT_CLIENTS"), user + "\n");

        Path service = Files.createDirectories(root.resolve("vchkrcpt-serve"));
        Path serviceEnv = Files.createDirectories(service.resolve("env"));
        Map<String, String> runSettings = Map.of("VCHKRCPT", Helper.PROGRAM.toString(), "SMTPUSER", user,
                "SMTPD_ENV", envdir.toString(), "SOCKETDIR", socketDir.toString(), "QMAIL", root.toString());
        for (Map.Entry<String, String> e : runSettings.entrySet()) {
            Files.writeString(serviceEnv.resolve(e.getKey()), e.getValue() + "\n");
        }
        // The run file as shipped: scripts/install copies it unchanged.
        Daemontools.executable(service.resolve("run"), Files.readString(Helper.TOP.resolve("scripts/vchkrcpt-serve.run")));

        Path log = root.resolve("log");
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/supervise", service.toString()).redirectOutput(log.toFile())
                .redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process supervise = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(log).contains("vchkrcpt serve: listening on " + socketDir.resolve("socket"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Files.readString(log).contains("vchkrcpt serve: listening on "), Files.readString(log));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socketDir)));
            assertEquals(user, Files.getOwner(socketDir).getName());

            Helper.Result answer = ResidentServer.client(Map.of("VALIDRCPTTO_CDB", Env.EXAMPLE_CDB.toString(),
                    "VCHKRCPT_ALLOW", "/nonexistent/vchkrcpt-allow", "VCHKRCPT_LOG", "stderr",
                    "VCHKRCPT_STATE_DIR", state.toString(), "VCHKRCPT_SOCKET", socketDir.resolve("socket").toString(),
                    "VCHKRCPT_FALLBACK", "tempfail", "SENDER", "", "RECIPIENT", "joe@example.com"));
            assertEquals(0, answer.status(), answer.stderr());
            assertEquals("vchkrcpt: mail from <> to <joe@example.com> : account ok\n", answer.stderr());

            assertEquals(0, new ProcessBuilder("/usr/bin/svc", "-d", service.toString()).start().waitFor());
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Daemontools.svstat(service).contains(": down ") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Daemontools.svstat(service).contains(": down "), Daemontools.svstat(service));
            assertFalse(Files.exists(socketDir.resolve("socket")), "SIGTERM removes the socket");
            assertTrue(Files.readString(log).contains("vchkrcpt serve: stopped: 1 requests answered"), Files.readString(log));
            assertEquals(0, new ProcessBuilder("/usr/bin/svc", "-x", service.toString()).start().waitFor());
            assertTrue(supervise.waitFor(10, TimeUnit.SECONDS), "supervise did not exit");
        } finally {
            supervise.destroy();
            supervise.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
