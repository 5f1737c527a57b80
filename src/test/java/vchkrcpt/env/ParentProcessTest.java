package vchkrcpt.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class ParentProcessTest {
    /** A real line of /proc/PID/stat, with a command name that holds blanks and parentheses. */
    private static final String STAT = "4242 (qmail (smtpd) x) S 4200 4242 4200 0 -1 4194560 120 0 0 0 1 0 0 0 20 0 "
            + "1 0 987654 11063296 224 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n";

    @Test
    void readsTheFieldsAfterTheCommandName() throws IOException {
        assertEquals(4200, ParentProcess.parentPid(STAT));
        assertEquals(987654, ParentProcess.startTime(STAT));
        assertEquals("S", ParentProcess.field(STAT, 3));
    }

    @Test
    void refusesWhatIsNotAStatLine() {
        assertThrows(IOException.class, () -> ParentProcess.startTime("4242 qmail-smtpd S 1"));
        assertThrows(IOException.class, () -> ParentProcess.startTime("4242 (qmail-smtpd) S 1 2"));
        assertThrows(IOException.class, () -> ParentProcess.parentPid("4242 (x) S -1 0"));
        assertThrows(IOException.class, () -> ParentProcess.pid("0"));
        assertThrows(IOException.class, () -> ParentProcess.pid("12a"));
        assertThrows(IOException.class, () -> ParentProcess.pid(""));
    }

    @Test
    void theSessionIsTheLaunchersParentOrElseOurOwnParent() throws IOException {
        long self = ProcessHandle.current().pid();
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        String ours = ParentProcess.sessionKey(Long.toString(self));
        assertEquals(self + ":" + ParentProcess.startTime(self), ours);
        String fallback = ParentProcess.sessionKey(null);
        assertEquals(parent + ":" + ParentProcess.startTime(parent), fallback);
        assertNotEquals(ours, fallback);
    }

    @Test
    void aProcessThatIsGoneHasNoSession() {
        assertThrows(IOException.class, () -> ParentProcess.sessionKey(Long.toString(Integer.MAX_VALUE + 1L)));
    }
}
