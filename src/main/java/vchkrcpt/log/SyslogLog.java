package vchkrcpt.log;

import java.io.IOException;
import java.util.TimeZone;

/**
 * Decision lines to syslog, facility mail, severity info, tag vchkrcpt: the datagram that
 * {@code logger -p mail.info -t vchkrcpt} sends, {@code <22>Mmm dd hh:mm:ss vchkrcpt: LINE}.
 * When the socket cannot take it, a warning and the line go to stderr: a log fault never changes a
 * verdict.
 */
public final class SyslogLog implements DecisionLog {
    /** facility mail (2) * 8 + severity info (6). */
    private static final String PRIORITY = "<22>";
    private static final String TAG = " vchkrcpt: ";

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
        // EXPERIMENT: route chosen by a property, to measure each in the same build.
        String route = System.getProperty("vchkrcpt.syslog.route", "jni");
        try {
            switch (route) {
                case "logger":
                    LoggerCommand.send(socketPath, line);
                    break;
                case "fd3":
                    try (java.io.FileOutputStream out = new java.io.FileOutputStream("/dev/fd/3")) {
                        out.write(line);
                    }
                    break;
                case "ffm":
                    FfmSyslogSocket.send(socketPath, datagram(line));
                    break;
                default:
                    if (SyslogSocket.load()) {
                        SyslogSocket.send(socketPath, line);
                    } else {
                        LoggerCommand.send(socketPath, line);
                    }
            }
        } catch (IOException | RuntimeException e) {
            stderr.write(LogText.escape("warning: unable to log to " + socketPath + ": " + e.getMessage()));
            if (!lineOnStderrAnyway) {
                stderr.write(line);
            }
        }
    }

    private static byte[] datagram(byte[] line) {
        long now = System.currentTimeMillis();
        String header = PRIORITY + SyslogTimestamp.format(now + TimeZone.getDefault().getOffset(now)) + TAG;
        byte[] datagram = new byte[header.length() + line.length];
        for (int i = 0; i < header.length(); i++) {
            datagram[i] = (byte) header.charAt(i);
        }
        System.arraycopy(line, 0, datagram, header.length(), line.length);
        return datagram;
    }
}
