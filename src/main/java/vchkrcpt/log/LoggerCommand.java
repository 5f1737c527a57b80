package vchkrcpt.log;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The syslog route when libvchkrcptlog.so was not built: logger(1), the command vchkrcpt.sh used.
 * The line goes through its stdin, so bytes above 0x7f survive the C locale.
 */
public final class LoggerCommand {
    private LoggerCommand() {
    }

    /** @throws IOException when logger cannot be run or reports a failure */
    public static void send(String socketPath, byte[] line) throws IOException {
        Process logger = new ProcessBuilder("logger", "-u", socketPath, "-p", "mail.info", "-t", "vchkrcpt")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (OutputStream in = logger.getOutputStream()) {
            in.write(line);
            in.write('\n');
        }
        int status;
        try {
            status = logger.waitFor();
        } catch (InterruptedException e) {
            throw new IOException("interrupted while waiting for logger");
        }
        if (status != 0) {
            throw new IOException("logger exited with status " + status);
        }
    }
}
