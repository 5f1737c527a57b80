package vchkrcpt.log;

import java.io.ByteArrayOutputStream;

/**
 * The decision line and its escaping. Every escape is one byte written as {@code \xHH} (lowercase
 * hex), so the original bytes come back by replacing each {@code \xHH} with byte HH. Escaped:
 * control bytes, DEL, the backslash itself, bytes of invalid UTF-8, and the UTF-8 bytes of the
 * characters that change how a line reads: the C1 controls (U+0080..U+009F, which some terminals
 * obey), the line and paragraph separators U+2028 and U+2029, and the bidirectional controls
 * (Unicode's Bidi_Control: U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069), which can
 * make a line display in another order than it reads. Other well-formed UTF-8 stays as it is. In
 * the decision line's addresses and reason, {@code <} and {@code >} are escaped too, so that none
 * can close its field and forge the rest of the line.
 */
public final class LogText {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private LogText() {
    }

    /** {@code mail from <SENDER> to <RECIPIENT> : REASON}, as vchkrcpt.sh logged it. */
    public static byte[] decisionLine(String sender, String recipient, String reason) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + sender.length() + recipient.length());
        ascii(out, "mail from <");
        escape(out, sender, true);
        ascii(out, "> to <");
        escape(out, recipient, true);
        ascii(out, "> : ");
        escape(out, reason, true);
        return out.toByteArray();
    }

    /**
     * {@code  client IP pid PID}, what VCHKRCPT_LOG_CLIENT=1 appends to the decision line, so that it
     * can be tied to tcpserver's {@code pid PID from IP} line; {@code -} for a value not known.
     */
    public static byte[] clientSuffix(String clientIp, String pid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        ascii(out, " client ");
        escape(out, clientIp.isEmpty() ? "-" : clientIp, true);
        ascii(out, " pid ");
        escape(out, pid.isEmpty() ? "-" : pid, true);
        return out.toByteArray();
    }

    /** Escapes a byte string (one char per byte) into printable UTF-8. */
    public static byte[] escape(String bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length() + 8);
        escape(out, bytes, false);
        return out.toByteArray();
    }

    private static void escape(ByteArrayOutputStream out, String s, boolean angles) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            int b = s.charAt(i) & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\' && !(angles && (b == '<' || b == '>'))) {
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
     * when it encodes a character that is escaped (a C1 control, a separator, a bidi control).
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
        int codePoint = b0 & (0x7f >> len);
        for (int k = 1; k < len; k++) {
            int b = s.charAt(i + k) & 0xff;
            if (b < 0x80 || b > 0xbf) {
                return 0;
            }
            codePoint = codePoint << 6 | b & 0x3f;
        }
        return changesTheLine(codePoint) ? 0 : len;
    }

    /** U+2028, U+2029 and the characters with the Bidi_Control property. */
    private static boolean changesTheLine(int c) {
        return c == 0x061c || c == 0x200e || c == 0x200f || c >= 0x2028 && c <= 0x202e
                || c >= 0x2066 && c <= 0x2069;
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        for (int i = 0; i < s.length(); i++) {
            out.write(s.charAt(i));
        }
    }
}
