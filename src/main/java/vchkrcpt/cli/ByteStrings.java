package vchkrcpt.cli;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Command-line arguments back to the bytes the user typed, as byte strings (one char per byte). */
final class ByteStrings {
    private ByteStrings() {
    }

    static String fromArgument(String argument) {
        String encoding = System.getProperty("sun.jnu.encoding");
        Charset charset = encoding != null && Charset.isSupported(encoding) ? Charset.forName(encoding)
                : Charset.defaultCharset();
        return new String(argument.getBytes(charset), StandardCharsets.ISO_8859_1);
    }
}
