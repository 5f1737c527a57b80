package vchkrcpt.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
        // getent: the user as NSS knows it, like id(1) and tcpserver's run file: NAME:PASSWORD:UID:GID:...
        Process p = new ProcessBuilder("getent", "passwd", "--", name).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String[] fields = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1).strip().split(":");
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("getent passwd " + name + " did not finish");
        }
        if (p.exitValue() != 0 || fields.length < 4 || !digits(fields[2]) || !digits(fields[3])) {
            return null;
        }
        long self = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        return new SmtpUser(name, Long.parseLong(fields[2]), Long.parseLong(fields[3]), self);
    }

    private static boolean digits(String s) {
        return !s.isEmpty() && s.length() < 11 && s.chars().allMatch(c -> c >= '0' && c <= '9');
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

    /**
     * Which of the tests hold for this user, each {@code "OPERATOR PATH"} as test(1) takes it (e.g.
     * {@code "-r /var/qmail/control/validrcptto.cdb"}: access(2) with the user's ids), all tried in
     * one shell run as the user.
     */
    Set<String> granted(List<String> tests) throws IOException, InterruptedException {
        List<String> script = new ArrayList<>(List.of("/bin/sh", "-c",
                "for t; do test \"${t%% *}\" \"${t#* }\" && printf '%s\\0' \"$t\"; done; exit 0", "sh"));
        script.addAll(tests);
        ProcessBuilder pb = new ProcessBuilder(command(script)).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        if (p.waitFor() != 0) {
            throw new IOException("unable to run a shell " + as() + " (setpriv)");
        }
        return out.isEmpty() ? Set.of() : Set.of(out.substring(0, out.length() - 1).split("\0"));
    }
}
