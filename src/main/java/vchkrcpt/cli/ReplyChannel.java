package vchkrcpt.cli;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A reply to qmail-smtpd through a descriptor the helper inherited: fd 4 (jms1's and sagredo's
 * patches) or the qmail-spp plugin's stdout (fd 3 from the launcher). Opened through /proc so the
 * JVM needs no access to raw descriptors; appending, so that a regular file there is never truncated.
 */
final class ReplyChannel {
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;

    private ReplyChannel() {
    }

    /** Writes the line in one write(2); false when the descriptor is closed or the reader gone. */
    static boolean write(int fd, String line) {
        try (FileOutputStream out = new FileOutputStream("/proc/self/fd/" + fd, true)) {
            out.write(line.getBytes(StandardCharsets.ISO_8859_1));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * True when the descriptor is a pipe open for writing, as every variant's reply channel is.
     * Anything else is not ours to write to, above all a file the JVM itself opened there when no
     * launcher held the descriptor (opened again through /proc, even a read-only one would be written).
     */
    static boolean usable(int fd) {
        try {
            if (((Integer) Files.getAttribute(Path.of("/proc/self/fd/" + fd), "unix:mode") & S_IFMT) != S_IFIFO) {
                return false;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        String info;
        try (FileInputStream in = new FileInputStream("/proc/self/fdinfo/" + fd)) {
            info = new String(in.readNBytes(256), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return false;
        }
        int at = info.indexOf("flags:");
        if (at < 0) {
            return false;
        }
        int i = at + "flags:".length();
        while (i < info.length() && (info.charAt(i) == ' ' || info.charAt(i) == '\t')) {
            i++;
        }
        // Octal; the access mode is the low two bits: 1 O_WRONLY, 2 O_RDWR.
        int last = i;
        while (last < info.length() && info.charAt(last) >= '0' && info.charAt(last) <= '7') {
            last++;
        }
        return last > i && (info.charAt(last - 1) - '0' & 3) != 0;
    }
}
