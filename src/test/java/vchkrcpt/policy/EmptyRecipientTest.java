package vchkrcpt.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static vchkrcpt.policy.Fakes.from;

import org.junit.jupiter.api.Test;

import vchkrcpt.Status;

class EmptyRecipientTest {
    @Test
    void anEmptyRecipientIsRejectedWithoutALogLine() {
        Verdict v = new EmptyRecipient().decide(from("boss@example.com", ""), Trace.NONE);
        assertEquals(Status.REJECT, v.status());
        assertFalse(v.logged());
    }

    @Test
    void anyOtherRecipientIsLeftToTheNextCheck() {
        assertNull(new EmptyRecipient().decide(from("", " "), Trace.NONE));
        assertNull(new EmptyRecipient().decide(from("", "\u0000"), Trace.NONE));
    }
}
