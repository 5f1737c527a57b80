package vchkrcpt.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import vchkrcpt.testing.Helper;

/** Environments for the helper as an SMTP service's run file would set them. */
final class Env {
    static final Path EXAMPLE_CDB = Helper.TOP.resolve("examples/validrcptto.cdb");

    private Env() {
    }

    /** RECIPIENT, SENDER, the example cdb, an allow-list that does not exist, log to stderr. */
    static Map<String, String> helper(String sender, String recipient) {
        Map<String, String> env = new HashMap<>();
        env.put("RECIPIENT", recipient);
        env.put("SENDER", sender);
        env.put("VALIDRCPTTO_CDB", EXAMPLE_CDB.toString());
        env.put("VCHKRCPT_ALLOW", "/nonexistent/vchkrcpt-allow");
        env.put("VCHKRCPT_LOG", "stderr");
        env.put("TCPREMOTEIP", "192.0.2.25");
        return env;
    }

    static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> copy = new HashMap<>(env);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, value);
        }
        return copy;
    }

    /** Makes a @TempDir usable by another user (tests that drop root with setpriv). */
    static Path openToAll(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    static boolean root() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }
}
