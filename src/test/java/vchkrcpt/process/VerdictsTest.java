package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.Helper.Result;

/** scripts/vchkrcpt as qmail-smtpd runs it, on examples/validrcptto.cdb: status, log line, nothing on stdout. */
class VerdictsTest {
    @TempDir
    static Path dir;

    private static void assertVerdict(Result r, int status, String line) {
        assertEquals(line, r.stderr(), "stderr");
        assertEquals("", r.stdout(), "stdout is the client's SMTP socket");
        assertEquals(status, r.status(), "exit status");
    }

    @ParameterizedTest(name = "<{0}> -> <{1}>: {2} {3}")
    @CsvSource(delimiter = '|', value = {
        "''                    | joe@example.com                              | 0   | account ok",
        "sender@remote.example | Sales@Example.COM                            | 0   | alias ok",
        "''                    | joe-dated-1700000000.a1b2c3@example.com      | 0   | user-alias ok",
        "''                    | list-subscribe-ann=example.org@example.com   | 0   | user-alias ok",
        "''                    | list-owner@example.com                       | 0   | alias ok",
        "''                    | joe-spam@example.com                         | 100 | address rejected",
        "''                    | anyone@catchall.example                      | 0   | catchall=ok",
        "''                    | anyone@example.net                           | 100 | catchall=delete",
        "''                    | bob@example.net                              | 0   | account ok",
        "''                    | anyone@example.org                           | 100 | catchall=bounce-no-mailbox",
        "''                    | nobody@example.com                           | 100 | catchall=none",
        "''                    | joe@unknown.example                          | 100 | catchall=none",
        "''                    | a%b@example.com                              | 100 | illegal username",
        "''                    | joe!other@example.com                        | 100 | illegal username",
        "''                    | joe                                          | 100 | illegal username",
        "''                    | joe@example.com@evil.example                 | 100 | illegal username",
        "''                    | PostMaster                                   | 0   | postmaster ok",
    })
    void eachVerdictOfTheExampleDomains(String sender, String recipient, int status, String reason) throws Exception {
        assertVerdict(Helper.helper(Env.helper(sender, recipient)), status,
                "vchkrcpt: mail from <" + sender + "> to <" + recipient + "> : " + reason + "\n");
    }

    @Test
    void anAllowedSenderOrSenderDomainIsAcceptedForAnyRecipient() throws Exception {
        Path allow = Files.writeString(dir.resolve("vchkrcpt-allow"), "# partners\nboss@partner.example\n@Friends.Example\n\n");
        Map<String, String> env = Env.with(Env.helper("Boss@Partner.Example", "nobody@unknown.example"),
                "VCHKRCPT_ALLOW", allow.toString());
        assertVerdict(Helper.helper(env), 0, "vchkrcpt: mail from <Boss@Partner.Example> to <nobody@unknown.example>"
                + " : ok (sender explicitly allowed: Boss@Partner.Example)\n");
        env = Env.with(env, "SENDER", "x@friends.example");
        assertVerdict(Helper.helper(env), 0, "vchkrcpt: mail from <x@friends.example> to <nobody@unknown.example>"
                + " : ok (sender explicitly allowed: x@friends.example)\n");
        env = Env.with(env, "SENDER", "");
        assertVerdict(Helper.helper(env), 100, "vchkrcpt: mail from <> to <nobody@unknown.example> : catchall=none\n");
    }

    @Test
    void anEmptyRecipientIsRejectedWithoutALogLine() throws Exception {
        assertVerdict(Helper.helper(Env.helper("someone@example.org", "")), 100, "");
    }

    @Test
    void anUnsetSenderIsTheNullSender() throws Exception {
        assertVerdict(Helper.helper(Env.with(Env.helper("", "joe@example.com"), "SENDER", null)), 0,
                "vchkrcpt: mail from <> to <joe@example.com> : account ok\n");
    }

    @Test
    void aForgedLineIsEscaped() throws Exception {
        // Once logged as "... to <nobody@example.com> : account ok> : catchall=none".
        assertVerdict(Helper.helper(Env.helper("a\\b@x", "nobody@example.com> : account ok")), 100,
                "vchkrcpt: mail from <a\\x5cb@x> to <nobody@example.com\\x3e : account ok> : catchall=none\n");
    }

    @Test
    void theClientAndTheSessionOnRequest() throws Exception {
        // The launcher passes its parent, here this JVM, as qmail-smtpd's pid.
        Map<String, String> env = Env.with(Env.helper("", "joe@example.com"), "VCHKRCPT_LOG_CLIENT", "1");
        assertVerdict(Helper.helper(env), 0, "vchkrcpt: mail from <> to <joe@example.com> : account ok client 192.0.2.25 pid "
                + ProcessHandle.current().pid() + "\n");
        assertVerdict(Helper.helper(Env.with(env, "VCHKRCPT_LOG_CLIENT", "0")), 0,
                "vchkrcpt: mail from <> to <joe@example.com> : account ok\n");
    }
}
