package vchkrcpt.cli;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Command-line arguments as the kernel holds them. The JVM decodes arguments with the locale's
 * charset and replaces what it cannot decode (in the C locale every byte above 0x7f), so a key
 * given as bytes would be changed; /proc/self/cmdline keeps them.
 */
final class RawArguments {
    private RawArguments() {
    }

    /** @return the bytes of the command line's last argument, which the JVM decoded to {@code decoded} */
    static byte[] last(String decoded) throws IOException {
        Charset charset = argumentCharset();
        byte[] cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        // NUL-terminated entries: the last one ends at the final byte.
        int end = cmdline.length - 1;
        int start = end;
        while (start > 0 && cmdline[start - 1] != 0) {
            start--;
        }
        byte[] raw = end < 0 ? new byte[0] : Arrays.copyOfRange(cmdline, start, end);
        if (new String(raw, charset).equals(decoded)) {
            return raw;
        }
        // Not this process's command line (the commands run inside another JVM, as in unit tests):
        // the decoded text is all there is.
        return decoded.getBytes(charset);
    }

    private static Charset argumentCharset() {
        String encoding = System.getProperty("sun.jnu.encoding");
        return encoding != null && Charset.isSupported(encoding) ? Charset.forName(encoding) : Charset.defaultCharset();
    }
}
