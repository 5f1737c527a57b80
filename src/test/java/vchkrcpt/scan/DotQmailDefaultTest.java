package vchkrcpt.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class DotQmailDefaultTest {
    private static final String VDELIVERMAIL = "| /home/vpopmail/bin/vdelivermail '' ";

    @Test
    void vdelivermailKeywordsBounceAndDelete() {
        assertEquals(CatchAll.BOUNCE, DotQmailDefault.classify(VDELIVERMAIL + "bounce-no-mailbox\n"));
        assertEquals(CatchAll.DELETE, DotQmailDefault.classify(VDELIVERMAIL + "delete\n"));
        assertEquals(CatchAll.BOUNCE, DotQmailDefault.classify("|/var/vpopmail/bin/vdelivermail \"\" bounce-no-mailbox"));
    }

    @Test
    void vdelivermailToAnAddressOrMaildirDelivers() {
        assertEquals(CatchAll.DELIVER, DotQmailDefault.classify(VDELIVERMAIL + "catch@example.com\n"));
        // vadddomain -e delete writes a Maildir path ending in /delete, which is not the keyword.
        assertEquals(CatchAll.DELIVER,
                DotQmailDefault.classify(VDELIVERMAIL + "/home/vpopmail/domains/example.com/delete\n"));
        assertEquals(CatchAll.DELIVER, DotQmailDefault.classify(VDELIVERMAIL + "'bounce-no-mailbox '\n"));
    }

    @Test
    void forwardsFilesAndOtherProgramsDeliver() {
        assertEquals(CatchAll.DELIVER, DotQmailDefault.classify("&someone@example.org\n"));
        assertEquals(CatchAll.DELIVER, DotQmailDefault.classify("someone@example.org\n"));
        assertEquals(CatchAll.DELIVER, DotQmailDefault.classify("./Maildir/\n"));
        assertEquals(CatchAll.DELIVER, DotQmailDefault.classify("/var/spool/catchall\n"));
        assertEquals(CatchAll.DELIVER, DotQmailDefault.classify("|/usr/bin/procmail -m /etc/procmailrc\n"));
    }

    @Test
    void commentsAreSkippedAndNoDeliveryMeansDropped() {
        assertEquals(CatchAll.BOUNCE,
                DotQmailDefault.classify("# was: " + VDELIVERMAIL + "delete\n" + VDELIVERMAIL + "bounce-no-mailbox  \n"));
        assertEquals(CatchAll.DELIVER, DotQmailDefault.classify("# bounce-no-mailbox\n&a@example.org\n"));
        // qmail-local delivers nothing for a file of comments: the message is gone.
        assertEquals(CatchAll.DELETE, DotQmailDefault.classify("# nothing here\n"));
        // An empty file means qmail-start's default delivery.
        assertEquals(CatchAll.DELIVER, DotQmailDefault.classify(""));
    }

    @Test
    void aBounceWinsOverOtherLinesAndADeliveryOverDelete() {
        assertEquals(CatchAll.BOUNCE, DotQmailDefault.classify("&copy@example.org\n" + VDELIVERMAIL + "bounce-no-mailbox\n"));
        assertEquals(CatchAll.DELIVER, DotQmailDefault.classify("&copy@example.org\n" + VDELIVERMAIL + "delete\n"));
    }

    @Test
    void theInstructionIsTheLastWordOfTheVdelivermailCommand() {
        assertEquals("bounce-no-mailbox",
                DotQmailDefault.vdelivermailInstruction(" /usr/bin/spamc | /home/vpopmail/bin/vdelivermail '' bounce-no-mailbox"));
        assertEquals("delete", DotQmailDefault.vdelivermailInstruction(" vdelivermail '' delete; echo done"));
        assertEquals("", DotQmailDefault.vdelivermailInstruction(" vdelivermail"));
        assertNull(DotQmailDefault.vdelivermailInstruction(" /usr/bin/procmail"));
        assertNull(DotQmailDefault.vdelivermailInstruction(" echo 'vdelivermail'x"));
    }

    @Test
    void shellWordsFollowShQuoting() {
        assertEquals(List.of(new ShellWords.Word("a b", false), new ShellWords.Word("", false),
                new ShellWords.Word("c\"d", false), new ShellWords.Word("|", true), new ShellWords.Word("e|f", false)),
                ShellWords.split(" 'a b' '' \"c\\\"d\" | e\\|f"));
    }
}
