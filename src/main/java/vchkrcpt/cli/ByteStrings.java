package vchkrcpt.cli;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Command-line text and byte strings (one char per byte), both ways, in the charset the JVM
 * decoded the command line with. In the C locale that is ASCII, and bytes above 0x7f of an argument
 * are lost before main() runs: use a UTF-8 locale to check such addresses by hand.
 */
final class ByteStrings {
    private ByteStrings() {
    }

    /** The bytes the user typed. */
    static String fromArgument(String argument) {
        return new String(argument.getBytes(commandLineCharset()), StandardCharsets.ISO_8859_1);
    }

    /** Text to print for a person: the bytes read back in the terminal's charset. */
    static String forDisplay(String byteString) {
        return new String(byteString.getBytes(StandardCharsets.ISO_8859_1), commandLineCharset());
    }

    /**
     * The bytes of the command line's last argument as the kernel holds them (/proc/self/cmdline),
     * which the JVM decoded to {@code decoded}: exact even where the locale's charset lost bytes.
     */
    static byte[] lastArgument(String decoded) throws IOException {
        Charset charset = commandLineCharset();
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

    static Charset commandLineCharset() {
        String encoding = System.getProperty("sun.jnu.encoding");
        return encoding != null && Charset.isSupported(encoding) ? Charset.forName(encoding) : Charset.defaultCharset();
    }
}
