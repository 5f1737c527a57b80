package vchkrcpt.log;

import java.io.IOException;

import vchkrcpt.env.JniLibrary;

/**
 * Decision lines to syslog, facility mail, severity info, tag vchkrcpt: the datagram that
 * {@code logger -p mail.info -t vchkrcpt} sends, {@code <22>Mmm dd hh:mm:ss vchkrcpt: LINE}.
 * Through libvchkrcptlog.so when scripts/build could compile it, else through logger(1) itself.
 * When neither delivers, a warning and the line go to stderr: a log fault never changes a verdict.
 */
public final class SyslogLog implements DecisionLog {
    private final String socketPath;
    private final StderrLog stderr;
    private final boolean lineOnStderrAnyway;

    /** @param lineOnStderrAnyway true with VCHKRCPT_LOG=both: a failure then adds only the warning */
    public SyslogLog(String socketPath, StderrLog stderr, boolean lineOnStderrAnyway) {
        this.socketPath = socketPath;
        this.stderr = stderr;
        this.lineOnStderrAnyway = lineOnStderrAnyway;
    }

    @Override
    public void write(byte[] line) {
        try {
            if (nativeRoute()) {
                SyslogSocket.send(socketPath, line);
            } else {
                LoggerCommand.send(socketPath, line);
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // LinkageError: a library from an older build that lacks the function.
            warn("unable to log to " + socketPath + ": " + e.getMessage());
            if (!lineOnStderrAnyway) {
                stderr.write(line);
            }
        }
    }

    private boolean nativeRoute() {
        try {
            return JniLibrary.load();
        } catch (UnsatisfiedLinkError e) {
            warn("unable to load " + System.getProperty(JniLibrary.PROPERTY) + ": " + e.getMessage()
                    + "; using logger (run scripts/build)");
            return false;
        }
    }

    private void warn(String text) {
        stderr.write(LogText.escape("warning: " + text));
    }
}
