package vchkrcpt.env;

import java.io.File;
import java.io.IOException;

/**
 * libvchkrcptlog.so, the JNI library scripts/build compiles from src/main/c when a C compiler is
 * there: the syslog datagram (log/SyslogSocket) and the helper's deadline alarm (cli/Deadline).
 */
public final class JniLibrary {
    /** Set by scripts/vchkrcpt for the JVM to the library's path; unset or missing when it was not built. */
    public static final String PROPERTY = "vchkrcpt.liblog";

    private static boolean loaded;

    private JniLibrary() {
    }

    /**
     * Loads the library once.
     * @return false when it was not built (no C compiler at build time)
     * @throws UnsatisfiedLinkError when it is there but cannot be loaded
     */
    // System.load is restricted: the launcher and the native image enable native access for it.
    @SuppressWarnings("restricted")
    public static synchronized boolean load() {
        if (!loaded) {
            String library = System.getProperty(PROPERTY);
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
}
