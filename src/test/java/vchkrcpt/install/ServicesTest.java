package vchkrcpt.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;

/**
 * The shipped run files started by real daemontools exactly as scripts/install and the README's
 * steps leave them: svscan on a private service directory runs qmail-smtpd (the test stand-in,
 * src/test/qmail/qmail-smtpd, playing Soffian's patch) under tcpserver on a private loopback port,
 * with vchkrcpt as RCPTCHECK, and the scan watcher, which builds the cdb from a small vpopmail
 * installation; each with its multilog. swaks talks SMTP to it; then everything is stopped and no
 * process is left. Every setting is a file in the services' env/ directories, the paths included.
 */
class ServicesTest {
    private static final Path STAND_IN = Helper.TOP.resolve("src/test/qmail/qmail-smtpd");

    @TempDir
    Path dir;

    @AfterEach
    void unlink() throws IOException {
        Run.unlinkOutside(dir);
    }

    private static boolean installed(String program) {
        return Files.isExecutable(Path.of("/usr/bin", program));
    }

    private void open(Path path) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void file(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void qmailSmtpdAndTheScanWatcherUnderSvscan() throws Exception {
        assumeTrue(installed("svscan") && installed("tcpserver") && installed("swaks"),
                "daemontools, ucspi-tcp and swaks are needed (scripts/test installs them)");
        open(dir);
        String user = Run.user();
        Path qmail = dir.resolve("var/qmail");
        Path supervise = qmail.resolve("supervise");

        // A vpopmail installation with one domain: joe, and a catch-all that bounces.
        // The domain's files belong to the uid its users/assign line names, as vpopmail leaves them.
        Path domain = dir.resolve("home/vpopmail/domains/example.com");
        Object uid = Files.getAttribute(dir, "unix:uid");
        file(qmail.resolve("users/assign"), "+example.com-:example.com:" + uid + ":" + uid + ":" + domain + ":-::\n.\n");
        file(qmail.resolve("control/virtualdomains"), "example.com:example.com\n");
        file(domain.resolve("vpasswd"), "joe:x:1:0:Joe:" + domain + "/joe:NOQUOTA\n");
        file(domain.resolve(".qmail-default"), "| " + dir.resolve("home/vpopmail/bin/vdelivermail") + " '' bounce-no-mailbox\n");
        file(qmail.resolve("control/rcpthosts"), "example.com\n");
        file(qmail.resolve("control/me"), "mx.example.com\n");

        Run install = Run.of(List.of(Helper.TOP.resolve("scripts/install").toString()), Map.of(
                "PREFIX", dir.resolve("opt/vchkrcpt").toString(), "QMAIL", qmail.toString(),
                "MANDIR", dir.resolve("man").toString(), "STATEDIR", dir.resolve("var/lib/vchkrcpt").toString(),
                "SMTPUSER", user, "LOGUSER", user), Path.of("/"), 300);
        assertEquals(0, install.status(), install.toString());
        Files.copy(STAND_IN, qmail.resolve("bin/qmail-smtpd"));
        executable(qmail.resolve("bin/qmail-smtpd"));
        Run rules = Run.of(List.of("/bin/sh", "-c", "echo :allow | tcprules \"$0/tcp.smtp.cdb\" \"$0/tcp.smtp.tmp\"",
                dir.toString()), Map.of(), dir, 30);
        assertEquals(0, rules.status(), rules.toString());

        // The README's steps for the qmail-smtpd service, then its settings.
        Path smtpd = supervise.resolve("qmail-smtpd");
        Files.createDirectories(smtpd.resolve("env"));
        Files.createDirectories(smtpd.resolve("log/main"));
        Files.copy(dir.resolve("opt/vchkrcpt/current/examples/run.example"), smtpd.resolve("run"));
        Files.copy(dir.resolve("opt/vchkrcpt/current/service/log.run"), smtpd.resolve("log/run"));
        executable(smtpd.resolve("run"));
        executable(smtpd.resolve("log/run"));
        Run chown = Run.of(List.of("chown", user, smtpd.resolve("log/main").toString()), Map.of(), dir, 30);
        assertEquals(0, chown.status(), chown.toString());
        int port = freePort();
        Map<String, String> settings = new HashMap<>(Map.of("RCPTCHECK", qmail.resolve("bin/vchkrcpt").toString(),
                "QMAIL", qmail.toString(), "SMTPD_USER", user, "SMTPD_IP", "127.0.0.1", "SMTPD_PORT", Integer.toString(port),
                "TCPRULES", dir.resolve("tcp.smtp.cdb").toString(), "LOGUSER", user,
                "VALIDRCPTTO_CDB", "control/validrcptto.cdb", "VCHKRCPT_STATE_DIR", dir.resolve("var/lib/vchkrcpt").toString(),
                "VCHKRCPT_LOG", "stderr"));
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            file(smtpd.resolve("env").resolve(setting.getKey()), setting.getValue() + "\n");
        }
        Path scan = supervise.resolve("vchkrcpt-scan");
        file(scan.resolve("env/QMAIL"), qmail + "\n");
        file(scan.resolve("env/LOGUSER"), user + "\n");

        Path services = Files.createDirectories(dir.resolve("service"));
        Files.createSymbolicLink(services.resolve("qmail-smtpd"), smtpd);
        Files.createSymbolicLink(services.resolve("vchkrcpt-scan"), scan);
        ProcessBuilder pb = new ProcessBuilder("svscan", services.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("svscan.out").toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
        Process svscan = pb.start();
        try {
            Path cdb = qmail.resolve("control/validrcptto.cdb");
            await("the scan watcher's first cdb", () -> read(scan.resolve("log/main/current")).contains("rebuilt " + cdb));
            await("qmail-smtpd on port " + port, () -> {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            for (boolean pipelining : new boolean[] {false, true}) {
                List<String> swaks = new ArrayList<>(List.of("swaks", "--server", "127.0.0.1", "--port",
                        Integer.toString(port), "--helo", "client.example", "--from", "sender@outside.example",
                        "--to", "joe@example.com,nobody@example.com,someone@elsewhere.example", "--timeout", "30"));
                if (pipelining) {
                    swaks.add("--pipeline");
                }
                Run smtp = Run.of(swaks, Map.of(), dir, 120);
                String transcript = smtp.stdout();
                assertEquals(0, smtp.status(), smtp.toString());
                assertTrue(transcript.contains("<-  250-PIPELINING"), transcript);
                assertTrue(transcript.contains("<-  250 ok\n") && transcript.contains(
                        "<** 553 sorry, no mailbox here by that name. (#5.1.1)\n") && transcript.contains(
                        "<** 553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)\n"), transcript);
                if (!pipelining) {
                    assertTrue(transcript.contains(" -> RCPT TO:<joe@example.com>\n<-  250 ok\n"
                            + " -> RCPT TO:<nobody@example.com>\n<** 553 sorry, no mailbox here by that name. (#5.1.1)\n"),
                            transcript);
                }
                assertTrue(transcript.contains("<-  250 ok, discarded by the stand-in"), transcript);
            }
            Path smtpdLog = smtpd.resolve("log/main/current");
            await("vchkrcpt's lines in qmail-smtpd's log", () -> read(smtpdLog).contains(
                    " vchkrcpt: mail from <sender@outside.example> to <nobody@example.com> : catchall=bounce-no-mailbox"));
            assertTrue(read(smtpdLog).contains(" vchkrcpt: mail from <sender@outside.example> to <joe@example.com> : account ok"),
                    read(smtpdLog));

            // The same envdir gives the admin commands what the service sees: the throttle counted both refusals.
            Run list = Run.of(List.of("envdir", smtpd.resolve("env").toString(), qmail.resolve("bin/vchkrcpt").toString(),
                    "throttle", "list"), Map.of(), dir, 120);
            assertEquals(0, list.status(), list.toString());
            assertTrue(list.stdout().contains("state directory: " + dir.resolve("var/lib/vchkrcpt")), list.stdout());
            assertTrue(list.stdout().matches("(?s).*\n +2 .* sender@outside\\.example from 127\\.0\\.0\\.1\n.*"), list.stdout());
        } finally {
            stop(List.of(smtpd, smtpd.resolve("log"), scan, scan.resolve("log")), svscan);
        }
    }

    /**
     * Stops svscan first (it would start a supervise again within 5 s), then svc -dx every service
     * and its log, and waits until their supervise processes and everything below them are gone.
     */
    private void stop(List<Path> serviceDirs, Process svscan) throws Exception {
        List<ProcessHandle> started = svscan.descendants().toList();
        try {
            svscan.destroy();
            assertTrue(svscan.waitFor(30, TimeUnit.SECONDS), "svscan did not stop");
            List<String> svc = new ArrayList<>(List.of("svc", "-dx"));
            serviceDirs.forEach(d -> svc.add(d.toString()));
            Run down = Run.of(svc, Map.of(), dir, 30);
            assertEquals(0, down.status(), down.toString());
            for (Path service : serviceDirs) {
                await("supervise of " + service + " to exit", () -> {
                    try {
                        return Run.of(List.of("svok", service.toString()), Map.of(), dir, 30).status() != 0;
                    } catch (IOException | InterruptedException e) {
                        return false;
                    }
                });
            }
            await("every process of the services to end", () -> leftOver().isEmpty());
        } finally {
            // Whatever failed above, nothing this test started outlives it.
            svscan.destroyForcibly();
            started.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Processes that run in the test's directory or name it. */
    private List<String> leftOver() {
        List<String> left = new ArrayList<>();
        String here = dir.toString();
        ProcessHandle.allProcesses().forEach(p -> {
            String command = p.info().commandLine().orElse("");
            String cwd = "";
            try {
                cwd = Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/cwd")).toString();
            } catch (IOException | RuntimeException e) {
                // gone, or not ours to look at
            }
            if (p.isAlive() && (command.contains(here) || cwd.startsWith(here))) {
                left.add(p.pid() + " " + command + " in " + cwd);
            }
        });
        return left;
    }

    @Test
    void anUnknownSmtpUserStopsTheRunFileWithAClearMessage() throws Exception {
        Path service = dir.resolve("qmail-smtpd");
        Files.createDirectories(service.resolve("env"));
        Files.copy(Helper.TOP.resolve("run.example"), service.resolve("run"));
        executable(service.resolve("run"));
        file(service.resolve("env/SMTPD_USER"), "no-such-user-vchkrcpt\n");
        Run r = Run.of(List.of("./run"), Map.of(), service, 30);
        assertEquals(111, r.status(), r.toString());
        assertEquals("qmail-smtpd run: fatal: there is no user no-such-user-vchkrcpt (id -u no-such-user-vchkrcpt finds"
                + " none): create it, or name the user qmail-smtpd runs as in ./env/SMTPD_USER\n", r.stdout());
    }
}
