package vchkrcpt.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Small things the tests of run files under daemontools need. */
public final class Daemontools {
    private Daemontools() {
    }

    /** Writes a run file (or any script) with mode 0755. */
    public static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** What svstat says of a service directory. */
    public static String svstat(Path service) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/svstat", service.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        p.waitFor();
        return out;
    }
}
