package vchkrcpt.log;

import java.io.ByteArrayOutputStream;

/**
 * The decision line and its escaping: control bytes, DEL, the C1 controls (U+0080..U+009F, which
 * some terminals obey) and bytes of invalid UTF-8 become \xHH; well-formed UTF-8 stays as it is.
 */
public final class LogText {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private LogText() {
    }

    /** {@code mail from <SENDER> to <RECIPIENT> : REASON}, as vchkrcpt.sh logged it. */
    public static byte[] decisionLine(String sender, String recipient, String reason) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + sender.length() + recipient.length());
        ascii(out, "mail from <");
        escape(out, sender);
        ascii(out, "> to <");
        escape(out, recipient);
        ascii(out, "> : ");
        escape(out, reason);
        return out.toByteArray();
    }

    /** Escapes a byte string (one char per byte) into printable UTF-8. */
    public static byte[] escape(String bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length() + 8);
        escape(out, bytes);
        return out.toByteArray();
    }

    private static void escape(ByteArrayOutputStream out, String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            int b = s.charAt(i) & 0xff;
            if (b >= 0x20 && b < 0x7f) {
                out.write(b);
                i++;
                continue;
            }
            int len = b >= 0x80 ? printableUtf8Length(s, i) : 0;
            if (len == 0) {
                out.write('\\');
                out.write('x');
                out.write(HEX[b >> 4]);
                out.write(HEX[b & 0xf]);
                i++;
            } else {
                for (int k = 0; k < len; k++) {
                    out.write(s.charAt(i + k) & 0xff);
                }
                i += len;
            }
        }
    }

    /**
     * Length of the well-formed UTF-8 sequence (RFC 3629) starting at i, or 0 when there is none or
     * when it encodes a C1 control.
     */
    static int printableUtf8Length(String s, int i) {
        int b0 = s.charAt(i) & 0xff;
        int len;
        int min;
        int max;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            len = 2;
            min = b0 == 0xc2 ? 0xa0 : 0x80;   // C2 80..C2 9F are the C1 controls
            max = 0xbf;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            len = 3;
            min = b0 == 0xe0 ? 0xa0 : 0x80;   // no overlong forms
            max = b0 == 0xed ? 0x9f : 0xbf;   // no surrogates
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            len = 4;
            min = b0 == 0xf0 ? 0x90 : 0x80;
            max = b0 == 0xf4 ? 0x8f : 0xbf;   // nothing above U+10FFFF
        } else {
            return 0;
        }
        if (i + len > s.length()) {
            return 0;
        }
        int b1 = s.charAt(i + 1) & 0xff;
        if (b1 < min || b1 > max) {
            return 0;
        }
        for (int k = 2; k < len; k++) {
            int b = s.charAt(i + k) & 0xff;
            if (b < 0x80 || b > 0xbf) {
                return 0;
            }
        }
        return len;
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        for (int i = 0; i < s.length(); i++) {
            out.write(s.charAt(i));
        }
    }
}
