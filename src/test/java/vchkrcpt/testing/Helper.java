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
        List<String> command = new ArrayList<>();
        command.add(PROGRAM.toString());
        command.addAll(args);
        return command(command, env, cwd);
    }

    /** Any command line (e.g. another copy of the program, or it under softlimit), run the same way. */
    public static Result command(List<String> command, Map<String, String> env, Path cwd)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("LC_ALL", "C");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("vchkrcpt-out", "");
        Path err = Files.createTempFile("vchkrcpt-err", "");
        try {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
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
        }
    }
}
