package vchkrcpt.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the built program, scripts/vchkrcpt, as qmail-smtpd would: a clean environment, cwd given. */
public final class Helper {
    public static final Path TOP = Path.of(System.getProperty("vchkrcpt.top", ".")).toAbsolutePath().normalize();
    public static final Path PROGRAM = TOP.resolve("scripts/vchkrcpt");

    private Helper() {
    }

    /** What one run left behind. Output is kept as bytes; {@link #stderr()} decodes it as UTF-8. */
    public record Result(int status, byte[] stdoutBytes, byte[] stderrBytes) {
        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        public String stderr() {
            return new String(stderrBytes, StandardCharsets.UTF_8);
        }
    }

    /** Helper mode: no arguments, stdin from /dev/null, environment exactly {@code env} plus PATH. */
    public static Result helper(Map<String, String> env) throws IOException, InterruptedException {
        return run(env, List.of());
    }

    public static Result run(Map<String, String> env, List<String> args) throws IOException, InterruptedException {
        return run(env, args, Path.of("/"));
    }

    public static Result run(Map<String, String> env, List<String> args, Path cwd)
            throws IOException, InterruptedException {
        return run(env, args, cwd, Path.of("/dev/null"));
    }

    /** As {@link #run(Map, List, Path)}, with standard input read from {@code stdin}. */
    public static Result run(Map<String, String> env, List<String> args, Path cwd, Path stdin)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(PROGRAM.toString());
        command.addAll(args);
        return runCommand(command, env, cwd, stdin);
    }

    /**
     * Runs {@code sh -c SCRIPT} with {@code $0} set to scripts/vchkrcpt: for what a Java String cannot
     * carry into an environment or a command line (bytes above 0x7f, resource limits, strace).
     */
    public static Result shell(String script, Map<String, String> env, Path cwd) throws IOException, InterruptedException {
        return runCommand(List.of("/bin/sh", "-c", script, PROGRAM.toString()), env, cwd);
    }

    /** Any command, with the helper's clean environment, stdin from /dev/null, output kept as bytes. */
    public static Result runCommand(List<String> command, Map<String, String> env, Path cwd)
            throws IOException, InterruptedException {
        return runCommand(command, env, cwd, Path.of("/dev/null"));
    }

    private static Result runCommand(List<String> command, Map<String, String> env, Path cwd, Path stdin)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("LC_ALL", "C");
        pb.environment().putAll(env);
        // The throttle is on by default: unless a test names a state directory, each run gets an
        // empty one of its own, so no state leaks from test to test (nor into /var/lib/vchkrcpt).
        Path state = null;
        if (!env.containsKey("VCHKRCPT_STATE_DIR")) {
            state = Files.createTempDirectory("vchkrcpt-state");
            pb.environment().put("VCHKRCPT_STATE_DIR", state.toString());
        }
        Path out = Files.createTempFile("vchkrcpt-out", "");
        Path err = Files.createTempFile("vchkrcpt-err", "");
        try {
            pb.redirectInput(ProcessBuilder.Redirect.from(stdin.toFile()));
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("vchkrcpt did not finish within 60 s: " + command);
            }
            return new Result(p.exitValue(), Files.readAllBytes(out), Files.readAllBytes(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            if (state != null) {
                try (var files = Files.list(state)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(state);
            }
        }
    }
}
