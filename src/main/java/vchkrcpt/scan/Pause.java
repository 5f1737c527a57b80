package vchkrcpt.scan;

import java.io.IOException;
import java.io.InterruptedIOException;

/** The wait before a second read, as an I/O operation that can be interrupted. */
final class Pause {
    private Pause() {
    }

    static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to read again");
        }
    }
}
