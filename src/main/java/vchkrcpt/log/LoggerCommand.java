package vchkrcpt.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The syslog route when libvchkrcptlog.so was not built: logger(1), the command vchkrcpt.sh used.
 * The line goes through its stdin, so bytes above 0x7f survive the C locale.
 */
public final class LoggerCommand {
    private LoggerCommand() {
    }

    /** @throws IOException when logger cannot be run or reports a failure */
    public static void send(String socketPath, byte[] line) throws IOException {
        // --socket-errors=on: without it logger exits 0 when the socket is missing or refuses,
        // and the line would be lost without a word.
        Process logger = new ProcessBuilder("logger", "--socket-errors=on", "-u", socketPath, "-p", "mail.info",
                "-t", "vchkrcpt")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        IOException writeFailure = null;
        try (OutputStream in = logger.getOutputStream()) {
            in.write(line);
            in.write('\n');
        } catch (IOException e) {
            // logger gives up before reading when it cannot reach the socket; its complaint says why.
            writeFailure = e;
        }
        byte[] complaint = logger.getErrorStream().readAllBytes();
        int status;
        try {
            status = logger.waitFor();
        } catch (InterruptedException e) {
            throw new IOException("interrupted while waiting for logger");
        }
        if (status != 0 || complaint.length > 0) {
            String text = new String(complaint, StandardCharsets.ISO_8859_1).strip();
            throw new IOException(text.isEmpty() ? "logger exited with status " + status : text);
        }
        if (writeFailure != null) {
            throw writeFailure;
        }
    }
}
