package vchkrcpt.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RawEnvironmentTest {
    private static Map<String, String> parse(String environ) {
        return RawEnvironment.parse(environ.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void namesAndValuesSplitAtTheFirstEqualsSign() {
        assertEquals(Map.of("RECIPIENT", "joe@example.com", "SENDER", "", "X", "a=b=c"),
                parse("RECIPIENT=joe@example.com\0SENDER=\0X=a=b=c\0"));
    }

    @Test
    void everyByteOfAValueIsKeptAsOneChar() {
        byte[] environ = {'R', '=', 'j', (byte) 0xc3, (byte) 0xb6, (byte) 0xff, 0x01, '\n', 0};
        assertEquals(Map.of("R", "j\u00c3\u00b6\u00ff\u0001\n"), RawEnvironment.parse(environ));
    }

    @Test
    void theFirstOfTwoEqualNamesWinsAsInGetenv() {
        assertEquals(Map.of("RECIPIENT", "first"), parse("RECIPIENT=first\0RECIPIENT=second\0"));
    }

    @Test
    void entriesWithoutANameOrAnEqualsSignAreIgnored() {
        assertEquals(Map.of("A", "1"), parse("junk\0=nameless\0\0A=1\0\0\0"));
    }

    @Test
    void aLastEntryWithoutItsNulStillCounts() {
        assertEquals(Map.of("A", "1", "B", "2"), parse("A=1\0B=2"));
    }

    @Test
    void emptyInputIsAnEmptyEnvironment() {
        assertEquals(Map.of(), parse(""));
    }

    @Test
    void theProcessEnvironmentAgreesWithGetenvOnAsciiValues() throws IOException {
        Map<String, String> raw = RawEnvironment.read();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            if (e.getValue().chars().allMatch(c -> c < 0x80)) {
                assertEquals(e.getValue(), raw.get(e.getKey()), e.getKey());
            }
        }
    }
}
