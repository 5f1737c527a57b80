package vchkrcpt.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Sends one datagram to a syslog socket such as /dev/log through libvchkrcptlog.so (JNI, built
 * by scripts/build from src/main/c, loaded by {@link vchkrcpt.env.JniLibrary}). The JDK has no
 * datagram UNIX sockets.
 */
public final class SyslogSocket {
    private SyslogSocket() {
    }

    /**
     * Sends {@code <22>Mmm dd hh:mm:ss vchkrcpt: LINE}, the datagram of {@code logger -p mail.info -t vchkrcpt}.
     * @throws IOException with the system's reason when the datagram was not accepted
     */
    public static void send(String socketPath, byte[] line) throws IOException {
        String reason = send0(socketPath.getBytes(StandardCharsets.ISO_8859_1), line);
        if (reason != null) {
            throw new IOException(reason);
        }
    }

    /** @return null when sent, else the reason (strerror) */
    private static native String send0(byte[] path, byte[] line);
}
