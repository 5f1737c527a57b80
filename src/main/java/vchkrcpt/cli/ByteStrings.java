package vchkrcpt.cli;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

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

    private static Charset commandLineCharset() {
        String encoding = System.getProperty("sun.jnu.encoding");
        return encoding != null && Charset.isSupported(encoding) ? Charset.forName(encoding) : Charset.defaultCharset();
    }
}
