package vchkrcpt.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One recipient check run the way qmail-smtpd runs it, from this JVM (its parent: the SMTP session),
 * with every channel it may answer on kept apart, as bytes (one char per byte).
 *
 * @param stdout what it wrote to fd 1: the SMTP client's socket under RCPTCHECK (must stay empty),
 *               the plugin's pipe under qmail-spp
 * @param fd4    what it wrote to fd 4, a pipe as jms1's patch gives it (RCPTCHECK runs only)
 */
record Call(int status, String stdout, String fd4, String stderr) {

    /** RCPTCHECK: fd 4 a pipe, stdout a file, stdin /dev/null. */
    static Call rcptcheck(Path program, Map<String, String> env) throws IOException, InterruptedException {
        return run(List.of("/bin/sh", "-c", "exec \"$0\" 4>&1 >\"$1\"", program.toString()), env, true);
    }

    /** A qmail-spp RCPT plugin: stdout a pipe, stdin /dev/null. */
    static Call spp(Path program, Map<String, String> env) throws IOException, InterruptedException {
        return run(List.of(program.toString()), env, false);
    }

    /**
     * As {@link #rcptcheck}, with RECIPIENT set from a printf(1) format: for bytes a Java string cannot
     * carry into an environment.
     */
    static Call rcptcheckRaw(Path program, Map<String, String> env, String recipientFormat)
            throws IOException, InterruptedException {
        return run(List.of("/bin/sh", "-c", "RECIPIENT=$(printf \"$2\"); export RECIPIENT; exec \"$0\" 4>&1 >\"$1\"",
                program.toString()), env, true, recipientFormat);
    }

    private static Call run(List<String> command, Map<String, String> env, boolean rcptcheck, String... more)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("vchkrcpt-call-out", "");
        Path err = Files.createTempFile("vchkrcpt-call-err", "");
        try {
            List<String> argv = new java.util.ArrayList<>(command);
            if (rcptcheck) {
                argv.add(out.toString());
            }
            argv.addAll(List.of(more));
            ProcessBuilder pb = new ProcessBuilder(argv).directory(Path.of("/").toFile());
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/bin:/bin");
            pb.environment().put("LC_ALL", "C");
            pb.environment().putAll(env);
            pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.redirectError(err.toFile());
            Process p = pb.start();
            byte[] pipe = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("did not finish within 120 s: " + argv);
            }
            String piped = new String(pipe, StandardCharsets.ISO_8859_1);
            return new Call(p.exitValue(), rcptcheck ? Files.readString(out, StandardCharsets.ISO_8859_1) : piped,
                    rcptcheck ? piped : "", Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
