package vchkrcpt.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class StderrLogTest {
    /** Records each write that reaches the file descriptor, as System.err's stack passes it down. */
    static final class Writes extends OutputStream {
        final List<String> chunks = new ArrayList<>();

        @Override
        public void write(int b) {
            chunks.add(String.valueOf((char) (b & 0xff)));
        }

        @Override
        public void write(byte[] b, int off, int len) {
            chunks.add(new String(b, off, len, StandardCharsets.ISO_8859_1));
        }

        /** A PrintStream built the way the JDK builds System.err (buffered, autoflush, C locale). */
        PrintStream asStderr() {
            return new PrintStream(new BufferedOutputStream(this, 8192), true, StandardCharsets.US_ASCII);
        }
    }

    @Test
    void eachLineIsOneWriteWithPrefixAndNewline() {
        Writes fd = new Writes();
        StderrLog log = new StderrLog(fd.asStderr());
        log.write("mail from <> to <joe@example.com> : account ok".getBytes(StandardCharsets.US_ASCII));
        log.write(new byte[0]);
        assertEquals(List.of("vchkrcpt: mail from <> to <joe@example.com> : account ok\n", "vchkrcpt: \n"), fd.chunks);
    }

    @Test
    void bytesAreWrittenAsTheyAreNotThroughTheLocalesCharset() {
        Writes fd = new Writes();
        new StderrLog(fd.asStderr()).write(new byte[] {'j', (byte) 0xc3, (byte) 0xb6, 'e'});
        assertEquals(List.of("vchkrcpt: j\u00c3\u00b6e\n"), fd.chunks);
    }
}
