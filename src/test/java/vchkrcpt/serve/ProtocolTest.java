package vchkrcpt.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ProtocolTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aFrameIsMagicVersionTypeLengthBody() {
        assertArrayEquals(bytes("VCHK\u0001R\0\0\0\0"), Protocol.greeting(Protocol.READY));
        assertArrayEquals(bytes("VCHK\u0001E\0\0\0\u0003why"), Protocol.error("why"));
        byte[] big = Protocol.frame(Protocol.FALLBACK, new byte[0x010203]);
        assertEquals(1, big[6] + big[7]);
        assertEquals(2, big[8]);
        assertEquals(3, big[9]);
    }

    @Test
    void anAnswerIsStatusLineNulStderr() {
        assertArrayEquals(bytes("VCHK\u0001A\0\0\0\u0014d553 no\0vchkrcpt: x\n"),
                Protocol.answer(100, "553 no", bytes("vchkrcpt: x\n")));
        assertArrayEquals(bytes("VCHK\u0001A\0\0\0\u0002\0\0"), Protocol.answer(0, null, new byte[0]));
    }

    @Test
    void requestHeadersAreCheckedBeforeTheirLengthIsBelieved() {
        assertNull(Protocol.requestProblem(bytes("VCHK\u0001Q\0\0\u0040\0")));
        assertEquals(Protocol.MAX_REQUEST, Protocol.bodyLength(bytes("VCHK\u0001Q\0\0\u0040\0")));
        assertEquals("request of 16385 bytes; at most 16384", Protocol.requestProblem(bytes("VCHK\u0001Q\0\0\u0040\u0001")));
        assertEquals("request of 4294967295 bytes; at most 16384",
                Protocol.requestProblem(bytes("VCHK\u0001Q\u00ff\u00ff\u00ff\u00ff")));
        assertEquals("protocol version 2; this server speaks 1", Protocol.requestProblem(bytes("VCHK\u0002Q\0\0\0\u0001")));
        assertEquals("not a vchkrcpt request", Protocol.requestProblem(bytes("GET / HTTP")));
        assertEquals("message type 65 where a request was expected", Protocol.requestProblem(bytes("VCHK\u0001A\0\0\0\0")));
    }

    @Test
    void theSessionKeyIsTwoNumbers() {
        assertEquals(8, Protocol.sessionEnd(bytes("123:4567\0RECIPIENT=x\0")));
        assertEquals(-1, Protocol.sessionEnd(bytes("\0RECIPIENT=x\0")));
        assertEquals(-1, Protocol.sessionEnd(bytes("123\0")));
        assertEquals(-1, Protocol.sessionEnd(bytes(":1\0")));
        assertEquals(-1, Protocol.sessionEnd(bytes("1:\0")));
        assertEquals(-1, Protocol.sessionEnd(bytes("1:2:3\0")));
        assertEquals(-1, Protocol.sessionEnd(bytes("1:2x\0")));
        assertEquals(-1, Protocol.sessionEnd(bytes("1:2")));
        assertEquals(-1, Protocol.sessionEnd(bytes("123456789012345678901:1\0")));
    }
}
