package vchkrcpt.serve;

import java.nio.charset.StandardCharsets;

/**
 * What vchkrcpt-client (src/main/c/vchkrcpt-client.c) and {@code vchkrcpt serve} say to each other
 * on the Unix stream socket, one request per connection. Every message is a frame: the magic
 * {@code VCHK}, the protocol version (one byte), the type (one byte), the body's length (four bytes,
 * big-endian) and the body. Each side checks magic and version before it reads anything else, and a
 * version it does not speak is never interpreted: the client then asks the per-process helper, the
 * server answers {@link #ERROR}.
 * <ol>
 * <li>The server greets, with an empty body: {@link #READY}; {@link #BUSY} at its connection limit
 * (the client answers 111); {@link #DENIED} when the peer's user is not in VCHKRCPT_CLIENTS (the
 * client asks the per-process helper).
 * <li>After READY only, the client sends {@link #REQUEST}: the SMTP session's key
 * ({@code PID:STARTTIME} of qmail-smtpd, as env/ParentProcess makes it), a NUL, then the environment
 * entries the helper
 * reads, {@code NAME=value} each ended by a NUL, as raw bytes (the format of /proc/PID/environ).
 * <li>The server answers with one of: {@link #ANSWER}, the exit status (one byte), the reply line of
 * the variant (without its line end; empty for none), a NUL, and the bytes for the client's stderr;
 * {@link #FALLBACK}, bytes for the client's stderr, and nothing was decided; {@link #ERROR}, why
 * the request was refused.
 * </ol>
 * The client may ask the per-process helper instead only until the last byte of its request is
 * written: the server decides only on a whole request, so before that nothing can have been decided
 * or counted. Once the request is written, any failure is a 111.
 */
public final class Protocol {
    public static final int VERSION = 1;
    /** Magic, version, type, length. */
    public static final int HEADER = 10;
    /** The largest request body; a client with more to send asks the per-process helper. */
    public static final int MAX_REQUEST = 16 * 1024;

    public static final byte READY = 'R';
    public static final byte BUSY = 'B';
    public static final byte DENIED = 'D';
    public static final byte REQUEST = 'Q';
    public static final byte ANSWER = 'A';
    public static final byte FALLBACK = 'F';
    public static final byte ERROR = 'E';

    private static final byte[] MAGIC = {'V', 'C', 'H', 'K'};
    /** The most digits of either number of a session key. */
    private static final int MAX_NUMBER = 20;

    private Protocol() {
    }

    public static byte[] frame(byte type, byte[] body) {
        byte[] frame = new byte[HEADER + body.length];
        System.arraycopy(MAGIC, 0, frame, 0, MAGIC.length);
        frame[4] = VERSION;
        frame[5] = type;
        int n = body.length;
        frame[6] = (byte) (n >>> 24);
        frame[7] = (byte) (n >>> 16);
        frame[8] = (byte) (n >>> 8);
        frame[9] = (byte) n;
        System.arraycopy(body, 0, frame, HEADER, n);
        return frame;
    }

    public static byte[] greeting(byte type) {
        return frame(type, new byte[0]);
    }

    /** @param line the variant's reply line, or null for none */
    public static byte[] answer(int status, String line, byte[] stderr) {
        byte[] text = line == null ? new byte[0] : line.getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = new byte[1 + text.length + 1 + stderr.length];
        body[0] = (byte) status;
        System.arraycopy(text, 0, body, 1, text.length);
        System.arraycopy(stderr, 0, body, text.length + 2, stderr.length);
        return frame(ANSWER, body);
    }

    public static byte[] fallback(byte[] stderr) {
        return frame(FALLBACK, stderr);
    }

    public static byte[] error(String why) {
        return frame(ERROR, why.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** @return why this header is no request the server reads, or null */
    public static String requestProblem(byte[] header) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (header[i] != MAGIC[i]) {
                return "not a vchkrcpt request";
            }
        }
        if (header[4] != VERSION) {
            return "protocol version " + (header[4] & 0xff) + "; this server speaks " + VERSION;
        }
        if (header[5] != REQUEST) {
            return "message type " + (header[5] & 0xff) + " where a request was expected";
        }
        long length = bodyLength(header) & 0xffffffffL;
        if (length > MAX_REQUEST) {
            return "request of " + length + " bytes; at most " + MAX_REQUEST;
        }
        return null;
    }

    /** The body length a header announces (unsigned: check it with {@link #requestProblem} first). */
    public static int bodyLength(byte[] header) {
        return (header[6] & 0xff) << 24 | (header[7] & 0xff) << 16 | (header[8] & 0xff) << 8 | header[9] & 0xff;
    }

    /** @return where the session key ends (its NUL), or -1 when the body has none or a malformed one */
    public static int sessionEnd(byte[] body) {
        int colon = -1;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b == 0) {
                int digits = i - colon - 1;
                return colon > 0 && colon <= MAX_NUMBER && digits >= 1 && digits <= MAX_NUMBER ? i : -1;
            }
            if (b == ':' && colon < 0) {
                colon = i;
            } else if (b < '0' || b > '9') {
                return -1;
            }
        }
        return -1;
    }
}
