package vchkrcpt.log;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Sends one datagram to a syslog socket such as /dev/log through libvchkrcptlog.so (JNI, built
 * by scripts/build from src/main/c). The JDK has no datagram UNIX sockets.
 */
public final class SyslogSocket {
    /** Set by scripts/vchkrcpt for the JVM to the library's path; unset or missing when it was not built. */
    static final String LIBRARY_PROPERTY = "vchkrcpt.liblog";

    private static boolean loaded;

    private SyslogSocket() {
    }

    /**
     * Loads the library once.
     * @return false when it was not built (no C compiler at build time)
     * @throws UnsatisfiedLinkError when it is there but cannot be loaded
     */
    // System.load is restricted: the launcher and the native image enable native access for it.
    @SuppressWarnings("restricted")
    public static boolean load() {
        if (!loaded) {
            String library = System.getProperty(LIBRARY_PROPERTY);
            if (library == null) {
                library = besideTheExecutable();
            }
            if (library == null || !new File(library).isFile()) {
                return false;
            }
            System.load(library);
            loaded = true;
        }
        return true;
    }

    /**
     * Where a native binary (target/vchkrcpt-native) finds the library without the property:
     * target/lib/. For a JVM this names a file beside java that does not exist.
     */
    private static String besideTheExecutable() {
        try {
            File directory = new File("/proc/self/exe").getCanonicalFile().getParentFile();
            return directory == null ? null : directory + "/lib/libvchkrcptlog.so";
        } catch (IOException e) {
            return null;
        }
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
