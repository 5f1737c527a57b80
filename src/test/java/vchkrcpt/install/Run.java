package vchkrcpt.install;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command of the install tests (scripts/build, scripts/install, a run file): a clean environment, output kept. */
record Run(int status, String stdout, String stderr) {

    /** The user the services run as: nobody when the tests run as root, else the user running them. */
    static String user() throws IOException {
        return root() ? "nobody" : System.getProperty("user.name");
    }

    static boolean root() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    /** Runs {@code command} in {@code cwd} with PATH, HOME, LC_ALL=C and {@code env}; fails after {@code seconds}. */
    static Run of(List<String> command, Map<String, String> env, Path cwd, int seconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
        pb.environment().put("HOME", System.getProperty("user.home"));
        pb.environment().put("LC_ALL", "C");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("vchkrcpt-run", ".out");
        Path err = Files.createTempFile("vchkrcpt-run", ".err");
        try {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + seconds + " s: "
                        + Files.readString(out) + Files.readString(err));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Removes the links under {@code dir} that lead out of it (the builds' jdk), which its clean-up warns about. */
    static void unlinkOutside(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.toList()) {
                if (Files.isSymbolicLink(path) && Files.readSymbolicLink(path).isAbsolute()
                        && !Files.readSymbolicLink(path).startsWith(dir)) {
                    Files.delete(path);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "exit " + status + "\n" + stdout + stderr;
    }
}
