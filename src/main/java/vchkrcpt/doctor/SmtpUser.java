package vchkrcpt.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The user qmail-smtpd runs as, and how doctor runs a command as that user. tcpserver's
 * {@code -u UID -g GID} leaves qmail-smtpd (and so the helper) with that uid, that gid and no other
 * group; setpriv gives a command exactly that, which needs root. Run by that user itself, doctor
 * runs the command directly; run by anyone else, it can only run it as itself.
 */
final class SmtpUser {
    final String name;
    final long uid;
    final long gid;
    private final long self;

    private SmtpUser(String name, long uid, long gid, long self) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
        this.self = self;
    }

    /** @return the user, or null when there is no such user */
    static SmtpUser lookUp(String name) throws IOException, InterruptedException {
        String uid = id("-u", name);
        String gid = id("-g", name);
        if (uid == null || gid == null) {
            return null;
        }
        long self = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        return new SmtpUser(name, Long.parseLong(uid), Long.parseLong(gid), self);
    }

    /** True when commands really run as this user: doctor is root, or is this user. */
    boolean exact() {
        return self == 0 || self == uid;
    }

    /** Who commands run as, in words, for the findings. */
    String as() {
        return exact() ? "as " + name : "as uid " + self + " (not root: not as " + name + ")";
    }

    /** {@code command}, run as this user when doctor can switch to it. */
    List<String> command(List<String> command) {
        if (self != 0 || uid == 0) {
            return command;
        }
        List<String> switched = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid,
                "--groups=" + gid, "--"));
        switched.addAll(command);
        return switched;
    }

    /** Whether {@code test OPERATOR FILE} holds for this user, e.g. {@code -r}: access(2) with its ids. */
    boolean can(String operator, Path file) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command(List.of("/bin/sh", "-c", "test \"$1\" \"$2\"", "sh",
                operator, file.toString())));
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    private static String id(String option, String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", option, "--", name).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("id " + option + " " + name + " did not finish");
        }
        return p.exitValue() == 0 && !out.isEmpty() && out.chars().allMatch(Character::isDigit) ? out : null;
    }
}
