package vchkrcpt.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;

/** {@code vchkrcpt scan} over system users as a process, and the helper's verdicts on the file it writes. */
class ScanSystemCommandTest {
    @TempDir
    Path root;

    private List<String> scanArgs(SystemTree sys, String... more) {
        List<String> args = new ArrayList<>(List.of("scan", "--qmail", sys.qmail.toString(), "--passwd", sys.passwd.toString(),
                "--alias-dir", sys.aliasDir.toString(), "--routed-addresses", root.resolve("routed").toString(),
                "--uids", sys.uids.toString()));
        args.addAll(List.of(more));
        return args;
    }

    private Helper.Result helper(Path cdb, String recipient) throws IOException, InterruptedException {
        return Helper.helper(Map.of("RECIPIENT", recipient, "SENDER", "someone@example.net",
                "VALIDRCPTTO_CDB", cdb.toString(), "VCHKRCPT_LOG", "stderr",
                "VCHKRCPT_ALLOW", root.resolve("no-allow-file").toString(),
                "VALIDRCPTTO_LIMIT", "0", "VCHKRCPT_THROTTLE_LIMIT", "0", "VCHKRCPT_IP_LIMIT", "0"));
    }

    @Test
    void theHelperAcceptsWhatQmailDeliversAndRejectsWhatItBounces() throws Exception {
        SystemTree sys = SystemInstallation.build(root);
        Path cdb = root.resolve("validrcptto.cdb");
        Helper.Result r = Helper.run(Map.of(), scanArgs(sys, "-o", cdb.toString()));
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("vchkrcpt scan: 1 domain + 0 alias domains, 2 local domains (5 system accounts),"
                + " 2 virtual domains, 3 routed domains, "), r.stderr());
        assertTrue(r.stderr().contains("; 57 keys written to " + cdb + ", "), r.stderr());

        String[][] cases = {
            // A backup MX (smtproutes) and a domain received through morercpthosts.cdb alone.
            {"anyone@backup.example", "0", "catchall=ok"},
            {"anyone@more.example", "0", "catchall=ok"},
            // A gateway with its address list.
            {"sales@partial.example", "0", "account ok"},
            {"team-berlin@partial.example", "0", "user-alias ok"},
            {"else@partial.example", "100", "catchall=none"},
            // System users of the local domains, their extensions, the alias user.
            {"bob@example.org", "0", "account ok"},
            {"Alice@MAIL.example.org", "0", "account ok"},
            {"bob-list-subscribe@example.org", "0", "user-alias ok"},
            {"postmaster@example.org", "0", "alias ok"},
            {"postmaster@mail.example.org", "0", "alias ok"},
            {"abuse@example.org", "0", "alias ok"},
            {"webmaster@example.org", "0", "alias ok"},
            {"nosuchuser@example.org", "100", "catchall=none"},
            {"daemon@example.org", "100", "catchall=none"},
            {"bob-nosuchlist@example.org", "100", "catchall=none"},
            // mail.example.org catches everything through fastforward, but not bob's unknown extensions.
            {"nosuchuser@mail.example.org", "0", "catchall=ok"},
            {"bob-nosuchlist@mail.example.org", "100", "address rejected"},
            // Virtual domains of system users; an address of the backup MX delivered here.
            {"sales@virt.example", "0", "alias ok"},
            {"anything@virt.example", "0", "catchall=ok"},
            {"info@novirt.example", "0", "alias ok"},
            {"other@novirt.example", "100", "catchall=none"},
            {"boss@backup.example", "0", "alias ok"},
            // The vpopmail domain beside them.
            {"postmaster@vpop.example", "0", "account ok"},
            {"nobody@vpop.example", "100", "catchall=bounce-no-mailbox"},
        };
        for (String[] c : cases) {
            Helper.Result v = helper(cdb, c[0]);
            assertEquals(Integer.parseInt(c[1]), v.status(), c[0] + ": " + v.stderr());
            assertTrue(v.stderr().endsWith(" : " + c[2] + "\n"), c[0] + ": " + v.stderr());
            assertEquals("", v.stdout());
        }
    }

    @Test
    void anUnaccountedDomainIsA111AndTheOldCdbStays() throws Exception {
        SystemTree sys = SystemInstallation.build(root);
        Path cdb = root.resolve("validrcptto.cdb");
        assertEquals(0, Helper.run(Map.of(), scanArgs(sys, "-o", cdb.toString())).status());
        byte[] before = Files.readAllBytes(cdb);

        // Without the default route, a new domain in rcpthosts is nobody's. ("more.example:" is a route: by MX.)
        sys.control("smtproutes", "backup.example:mx.backup.example", "partial.example:gw.example:2525", "more.example:");
        sys.control("rcpthosts", "example.org", "mail.example.org", "new.example");
        Helper.Result r = Helper.run(Map.of(), scanArgs(sys, "-o", cdb.toString()));
        assertEquals(111, r.status(), r.stderr());
        assertEquals("vchkrcpt: fatal: unable to account for rcpthosts domain(s) new.example: qmail neither delivers them"
                + " (control/locals, virtualdomains) nor relays them (control/smtproutes), and no --include key names them;"
                + " list a backup MX's domain in smtproutes, or rerun with --accept-unchecked-domains (accept every address"
                + " there) or --reject-unchecked-domains (reject every address there); " + cdb + " left as it was\n",
                r.stderr());
        assertArrayEquals(before, Files.readAllBytes(cdb));

        Helper.Result accepted = Helper.run(Map.of(), scanArgs(sys, "-o", cdb.toString(), "--accept-unchecked-domains"));
        assertEquals(0, accepted.status(), accepted.stderr());
        assertEquals(0, helper(cdb, "anyone@new.example").status());
        Helper.Result rejected = Helper.run(Map.of(), scanArgs(sys, "-o", cdb.toString(), "--reject-unchecked-domains"));
        assertEquals(0, rejected.status(), rejected.stderr());
        assertEquals(100, helper(cdb, "anyone@new.example").status());

        Helper.Result both = Helper.run(Map.of(), scanArgs(sys, "--accept-unchecked-domains", "--reject-unchecked-domains"));
        assertEquals(2, both.status(), both.stderr());
        assertTrue(both.stderr().startsWith("--accept-unchecked-domains and --reject-unchecked-domains exclude each other"),
                both.stderr());
        Helper.Result uids = Helper.run(Map.of(), scanArgs(sys, "--uids", "1000"));
        assertEquals(2, uids.status(), uids.stderr());
    }

    @Test
    void aFirstCdbIsWorldReadableUnderARootUmask() throws Exception {
        SystemTree sys = SystemInstallation.build(root);
        Path cdb = root.resolve("validrcptto.cdb");
        StringBuilder command = new StringBuilder("umask 077; exec \"$0\"");
        for (String arg : scanArgs(sys, "-o", cdb.toString())) {
            command.append(" '").append(arg).append('\'');
        }
        Helper.Result r = Helper.shell(command.toString(), Map.of(), root);
        assertEquals(0, r.status(), r.stderr());
        assertEquals(0644, (Integer) Files.getAttribute(cdb, "unix:mode") & 07777);
    }
}
