package vchkrcpt.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte strings here: one char per byte. Expected output is compared as ISO-8859-1 text of the bytes. */
class LogTextTest {
    private static String escaped(String byteString) {
        return new String(LogText.escape(byteString), StandardCharsets.ISO_8859_1);
    }

    /** Bytes written as Java text, e.g. UTF-8 "é" as the byte string "\u00c3\u00a9". */
    private static String utf8(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    void theDecisionLineIsTheScriptsMessage() {
        assertEquals("mail from <> to <joe@example.com> : account ok",
                new String(LogText.decisionLine("", "joe@example.com", "account ok"), StandardCharsets.ISO_8859_1));
        assertEquals("mail from <a\\x0ab@x> to <c\\x09d@y\\x7f> : ok (sender explicitly allowed: a\\x0ab@x)",
                new String(LogText.decisionLine("a\nb@x", "c\td@y\u007f", "ok (sender explicitly allowed: a\nb@x)"),
                        StandardCharsets.ISO_8859_1));
    }

    @Test
    void everyControlByteAndDelBecomeLowercaseHex() {
        for (char c = 0; c < 0x20; c++) {
            assertEquals(String.format("a\\x%02xb", (int) c), escaped("a" + c + "b"));
        }
        assertEquals("\\x7f", escaped("\u007f"));
        assertEquals("\\x00\\x0d\\x0a", escaped("\u0000\r\n"));
    }

    @Test
    void printableAsciiIsKeptAsItIsButTheBackslash() {
        StringBuilder printable = new StringBuilder();
        for (char c = 0x20; c < 0x7f; c++) {
            if (c != '\\') {
                printable.append(c);
            }
        }
        assertEquals(printable.toString(), escaped(printable.toString()));
        // Escaped, so that a literal "\x0a" in an address and a real newline log differently.
        assertEquals("\\x5cx0a", escaped("\\x0a"));
        assertEquals("\\x0a", escaped("\n"));
    }

    @Test
    void anglesInAnAddressCannotCloseItsField() {
        // Once logged as "mail from <> to <nobody@example.com> : account ok> : catchall=none".
        assertEquals("mail from <a\\x3eb@x> to <nobody@example.com\\x3e : account ok> : catchall=none",
                new String(LogText.decisionLine("a>b@x", "nobody@example.com> : account ok", "catchall=none"),
                        StandardCharsets.ISO_8859_1));
        assertEquals("mail from <\\x3c\\x3e> to <x@y> : ok (sender explicitly allowed: \\x3c\\x3e)",
                new String(LogText.decisionLine("<>", "x@y", "ok (sender explicitly allowed: <>)"),
                        StandardCharsets.ISO_8859_1));
        // Outside the decision line (warnings) they are plain text.
        assertEquals("<>", escaped("<>"));
    }

    @Test
    void theEscapingIsReversible() {
        Random random = new Random(5);
        String alphabet = "\\x0a<>@ \u00c3\u00a9\u00e2\u0080\u00a8\u00ae\n\u007f";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder input = new StringBuilder();
            for (int i = random.nextInt(16); i > 0; i--) {
                input.append(random.nextBoolean() ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : (char) random.nextInt(256));
            }
            String original = input.toString();
            String line = new String(LogText.decisionLine(original, original, original), StandardCharsets.ISO_8859_1);
            String fields = line.substring("mail from <".length());
            String sender = fields.substring(0, fields.indexOf("> to <"));
            assertEquals(original, unescape(sender), line);
            assertEquals(original, unescape(escaped(original)));
        }
    }

    /** Each \\xHH back to byte HH: all it takes to read a logged field back. */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (text.startsWith("\\x", i)) {
                out.append((char) Integer.parseInt(text.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"2028", "2029", "202a", "202b", "202c", "202d", "202e", "2066", "2067", "2068", "2069",
        "200e", "200f", "061c"})
    void separatorsAndBidiControlsAreEscapedByteByByte(String hex) {
        String character = new String(Character.toChars(Integer.parseInt(hex, 16)));
        StringBuilder expected = new StringBuilder("a");
        for (byte b : character.getBytes(StandardCharsets.UTF_8)) {
            expected.append(String.format("\\x%02x", b & 0xff));
        }
        assertEquals(expected.append('b').toString(), escaped(utf8("a" + character + "b")));
    }

    @Test
    void theirNeighboursAreNot() {
        for (String keep : new String[] {"\u2027", "\u202f", "\u2065", "\u206a", "\u061b", "\u200d", "\u2010"}) {
            assertEquals(utf8(keep), escaped(utf8(keep)), Integer.toHexString(keep.charAt(0)));
        }
    }

    @Test
    void theClientSuffix() {
        assertEquals(" client 192.0.2.7 pid 26062",
                new String(LogText.clientSuffix("192.0.2.7", "26062"), StandardCharsets.ISO_8859_1));
        assertEquals(" client - pid -", new String(LogText.clientSuffix("", ""), StandardCharsets.ISO_8859_1));
        assertEquals(" client 1\\x0a2\\x3e pid 1",
                new String(LogText.clientSuffix("1\n2>", "1"), StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what                         | bytes (as \\u00XX chars)              | expected
        "2-byte é                      | j\u00c3\u00a9                         | j\u00c3\u00a9",
        "3-byte €                      | \u00e2\u0082\u00ac                    | \u00e2\u0082\u00ac",
        "4-byte U+1F600                | \u00f0\u009f\u0098\u0080              | \u00f0\u009f\u0098\u0080",
        "U+10FFFF, the last            | \u00f4\u008f\u00bf\u00bf              | \u00f4\u008f\u00bf\u00bf",
        "U+0800, first 3-byte          | \u00e0\u00a0\u0080                    | \u00e0\u00a0\u0080",
        "U+D7FF, before surrogates     | \u00ed\u009f\u00bf                    | \u00ed\u009f\u00bf",
        "U+E000, after surrogates      | \u00ee\u0080\u0080                    | \u00ee\u0080\u0080",
        "Latin-1 byte é alone          | j\u00e9                               | j\\xe9",
        "lone continuation bytes       | \u0080\u00bf                          | \\x80\\xbf",
        "overlong / (C0 AF)            | \u00c0\u00af                          | \\xc0\\xaf",
        "overlong NUL (C1 80)          | \u00c1\u0080                          | \\xc1\\x80",
        "overlong 3-byte (E0 80 80)    | \u00e0\u0080\u0080                    | \\xe0\\x80\\x80",
        "overlong 4-byte (F0 80 80 80) | \u00f0\u0080\u0080\u0080              | \\xf0\\x80\\x80\\x80",
        "surrogate U+D800 (ED A0 80)   | \u00ed\u00a0\u0080                    | \\xed\\xa0\\x80",
        "surrogate U+DFFF (ED BF BF)   | \u00ed\u00bf\u00bf                    | \\xed\\xbf\\xbf",
        "above U+10FFFF (F4 90 80 80)  | \u00f4\u0090\u0080\u0080              | \\xf4\\x90\\x80\\x80",
        "F5 lead                       | \u00f5\u0080\u0080\u0080              | \\xf5\\x80\\x80\\x80",
        "FF and FE                     | \u00ff\u00fe                          | \\xff\\xfe",
        "truncated at the end          | a\u00e2\u0082                          | a\\xe2\\x82",
        "truncated before ASCII        | \u00e2\u0082a                         | \\xe2\\x82a",
        "truncated before a new lead   | \u00e2\u00c3\u00a9                    | \\xe2\u00c3\u00a9",
        "C1 control NEL (C2 85)        | a\u00c2\u0085b                       | a\\xc2\\x85b",
        "C1 control CSI (C2 9B)        | \u00c2\u009b                          | \\xc2\\x9b",
        "U+00A0, first after C1        | \u00c2\u00a0                          | \u00c2\u00a0",
    })
    void utf8IsKeptWhenWellFormedAndEscapedByteByByteOtherwise(String what, String bytes, String expected) {
        assertEquals(expected, escaped(bytes), what);
    }

    @Test
    void aControlByteEndsASequenceEarly() {
        // Not in the table above: CSV parsing trims control characters.
        assertEquals("\\xc3\\x01", escaped("\u00c3\u0001"));
        assertEquals("\\xe2\\x82\\x0a", escaped("\u00e2\u0082\n"));
    }

    @Test
    void sequenceLengthAgreesWithTheJdksStrictDecoderOnEveryLeadAndSecondByte() {
        // Every pair of first and second byte; third and fourth bytes at the edges of their ranges.
        int[] edges = {0x00, 0x7f, 0x80, 0x8f, 0x90, 0xbf, 0xc0, 0xff};
        for (int b0 = 0x80; b0 <= 0xff; b0++) {
            for (int b1 = 0; b1 <= 0xff; b1++) {
                for (int b2 : edges) {
                    for (int b3 : b0 >= 0xf0 ? edges : new int[] {0x80}) {
                        String s = "" + (char) b0 + (char) b1 + (char) b2 + (char) b3;
                        int expected = oracle(s);
                        if (expected != LogText.printableUtf8Length(s, 0)) {
                            assertEquals(expected, LogText.printableUtf8Length(s, 0),
                                    String.format("%02x %02x %02x %02x", b0, b1, b2, b3));
                        }
                    }
                }
            }
        }
    }

    @Test
    void aSequenceCutByTheEndOfTheStringIsNotWellFormed() {
        assertEquals(0, LogText.printableUtf8Length("\u00c3", 0));
        assertEquals(0, LogText.printableUtf8Length("\u00e2\u0082", 0));
        assertEquals(0, LogText.printableUtf8Length("\u00f0\u009f\u0098", 0));
        assertEquals(2, LogText.printableUtf8Length("x\u00c3\u00a9", 1));
    }

    @Test
    void theOutputIsAlwaysWellFormedUtf8WithoutControls() throws CharacterCodingException {
        Random random = new Random(11);
        for (int round = 0; round < 20_000; round++) {
            char[] input = new char[random.nextInt(12)];
            for (int i = 0; i < input.length; i++) {
                // Mostly bytes that start or continue sequences, so that some of them are well formed.
                input[i] = (char) (random.nextInt(4) == 0 ? random.nextInt(256) : 0x80 + random.nextInt(0x78));
            }
            byte[] out = LogText.escape(new String(input));
            String text = strict().decode(ByteBuffer.wrap(out)).toString();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                    throw new AssertionError("control U+" + Integer.toHexString(c) + " in " + text);
                }
            }
        }
    }

    @Test
    void aValidUtf8AddressReadsAsItselfInTheLog() {
        String address = utf8("jörg.müller@bücher.example");
        assertEquals("jörg.müller@bücher.example", new String(LogText.escape(address), StandardCharsets.UTF_8));
    }

    private static final CharsetDecoder DECODER = strict();
    /** U+2028, U+2029 and the Bidi_Control characters. */
    private static final java.util.Set<Integer> ESCAPED_FORMATS = java.util.Set.of(0x2028, 0x2029, 0x061c, 0x200e,
            0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069);

    /**
     * The length of the one code point the JDK's strict UTF-8 decoder reads at the start of s, or 0
     * when there is none or it is a C1 control.
     */
    private static int oracle(String s) {
        CharBuffer decoded = CharBuffer.allocate(4);
        for (int n = 1; n <= Math.min(4, s.length()); n++) {
            byte[] bytes = s.substring(0, n).getBytes(StandardCharsets.ISO_8859_1);
            decoded.clear();
            // CoderResult rather than exceptions: this runs half a million times.
            if (DECODER.reset().decode(ByteBuffer.wrap(bytes), decoded, true).isError()
                    || DECODER.flush(decoded).isError()) {
                continue;
            }
            decoded.flip();
            if (Character.codePointCount(decoded, 0, decoded.length()) == 1) {
                int cp = Character.codePointAt(decoded, 0);
                return cp >= 0x80 && cp < 0xa0 || ESCAPED_FORMATS.contains(cp) ? 0 : n;
            }
        }
        return 0;
    }

    private static CharsetDecoder strict() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
