package vchkrcpt.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import vchkrcpt.scan.ScanSettings.UncheckedDomains;
import vchkrcpt.testing.CdbTools;

/** scan beyond vpopmail: local domains, system users, the alias user, virtual domains, smtproutes. */
class ScannerSystemTest {
    @TempDir
    Path root;

    private static String text(ScanResult result) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ScanOutput.text(result.keys(), out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static ScanResult scan(SystemTree sys, UncheckedDomains unchecked, Path... includes) throws IOException {
        return Scanner.scan(sys.settings(unchecked, null, null, includes), new ProgressLine(null));
    }

    @Test
    void theSystemInstallationGivesTheExpectedKeys() throws Exception {
        SystemTree sys = SystemInstallation.build(root);
        ScanResult result = Scanner.scan(SystemInstallation.settings(sys, root), new ProgressLine(null));
        assertEquals(SystemInstallation.KEYS, text(result));
        assertEquals("1 domain + 0 alias domains, 2 local domains (5 system accounts), 2 virtual domains, 3 routed domains,"
                + " 1 mailbox, 0 aliases, catch-alls: 1 bounce-no-mailbox, 0 delete, 2 deliver, 2 none; 0 unchecked domains,"
                + " 0 included keys; 57 keys", result.summary().text());
        assertEquals(List.of(sys.passwd + " line 11 skipped: not name:password:uid:gid:gecos:home:shell"), result.warnings());
    }

    /** A domain qmail-smtpd receives but nobody delivers or relays, in each way one can be received. */
    @ParameterizedTest
    @ValueSource(strings = {"rcpthosts", "morercpthosts.cdb", "wildcard", "virtualdomains exception"})
    void anUnaccountedDomainStopsTheScanUnlessTheAdminSaysWhatToDo(String how) throws Exception {
        SystemTree sys = new SystemTree(root);
        sys.account("bob");
        sys.control("locals", "example.org");
        String domain = "lost.example";
        switch (how) {
            case "rcpthosts" -> sys.control("rcpthosts", "example.org", domain);
            case "morercpthosts.cdb" -> {
                sys.control("rcpthosts", "example.org");
                CdbTools.cdbmake(sys.qmail.resolve("control/morercpthosts.cdb"), List.of(CdbTools.entry(domain, "")));
            }
            case "wildcard" -> {
                domain = ".lost.example";
                sys.control("rcpthosts", "example.org", domain);
            }
            default -> {
                // An empty prepend is qmail-send's exception: the domain goes out as remote mail.
                sys.control("rcpthosts", "example.org", domain);
                sys.control("virtualdomains", domain + ":");
            }
        }
        IOException e = assertThrows(IOException.class, () -> scan(sys, UncheckedDomains.FAIL));
        assertTrue(e.getMessage().startsWith("unable to account for rcpthosts domain(s) " + domain + ": qmail neither"
                + " delivers them (control/locals, virtualdomains) nor relays them (control/smtproutes), and no --include"
                + " key names them"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; list a backup MX's domain in smtproutes, or rerun with"
                + " --accept-unchecked-domains (accept every address there) or --reject-unchecked-domains (reject every"
                + " address there)"), e.getMessage());

        ScanResult accepted = scan(sys, UncheckedDomains.ACCEPT);
        // A key cannot be a wildcard: .lost.example's subdomains cannot be accepted whole.
        assertEquals(how.equals("wildcard") ? null : "catchall", accepted.keys().get("@" + domain));
        assertEquals("user", accepted.keys().get("bob@example.org"));
        ScanResult rejected = scan(sys, UncheckedDomains.REJECT);
        assertNull(rejected.keys().get("@" + domain));
        assertTrue(rejected.warnings().getLast().startsWith("1 domain in rcpthosts/morercpthosts not accounted for: "
                + domain + ": they get no key, so the helper REJECTS every address there"), rejected.warnings().toString());
    }

    @Test
    void aWildcardEntryCoversTheSubdomainsOtherFilesName() throws Exception {
        SystemTree sys = new SystemTree(root);
        Path bob = sys.account("bob");
        sys.dotQmail(bob, "a-info", "&bob\n");
        sys.control("rcpthosts", ".wild.example");
        sys.control("virtualdomains", "a.wild.example:bob-a");
        sys.control("smtproutes", "b.wild.example:gw.example", "c.other.example:gw.example");
        IOException e = assertThrows(IOException.class, () -> scan(sys, UncheckedDomains.FAIL));
        assertTrue(e.getMessage().startsWith("unable to account for rcpthosts domain(s) .wild.example: "), e.getMessage());
        assertTrue(e.getMessage().contains("; .wild.example: a key cannot be a wildcard, so subdomains not named in locals,"
                + " virtualdomains, smtproutes, users/assign or --include get none; "), e.getMessage());
        ScanResult result = scan(sys, UncheckedDomains.REJECT);
        assertEquals("@b.wild.example:relay\ninfo@a.wild.example:alias\n", text(result));
    }

    @Test
    void controlMeIsTheLocalDomainWhenLocalsIsMissing() throws Exception {
        SystemTree sys = new SystemTree(root);
        sys.account("bob");
        sys.control("me", "host.example");
        sys.control("rcpthosts", "host.example");
        assertEquals("bob@host.example:user\n", text(scan(sys, UncheckedDomains.FAIL)));
    }

    @Test
    void localsComeFirstAsInQmailSend() throws Exception {
        SystemTree sys = new SystemTree(root);
        Path bob = sys.account("bob");
        sys.dotQmail(bob, "both-sales", "&bob\n");
        VpopmailTree.Domain vpop = sys.tree.domain("both.example", "| vdelivermail '' bounce-no-mailbox\n");
        vpop.user56("mailbox", null);
        sys.control("locals", "both.example");
        sys.control("rcpthosts", "both.example");
        sys.control("virtualdomains", "both.example:bob-both");
        sys.control("smtproutes", "both.example:gw.example");
        ScanResult result = scan(sys, UncheckedDomains.FAIL);
        assertEquals("bob-both-sales@both.example:alias\nbob@both.example:user\n", text(result));
        assertEquals(List.of("both.example is in control/smtproutes and delivered here (control/locals or virtualdomains):"
                + " qmail-send delivers it, qmail-remote never routes it",
                "both.example is in control/locals and in virtualdomains or users/assign: qmail-send delivers"
                + " it as a local domain (locals first)"), result.warnings());
    }

    @Test
    void aVpopmailDomainVirtualdomainsSendsToAUserIsThatUsers() throws Exception {
        SystemTree sys = new SystemTree(root);
        Path bob = sys.account("bob");
        sys.dotQmail(bob, "v-sales", "&bob\n");
        sys.tree.domain("v.example", "| vdelivermail '' delete\n").user56("mailbox", null);
        sys.control("rcpthosts", "v.example");
        sys.control("virtualdomains", "v.example:bob-v");
        ScanResult result = scan(sys, UncheckedDomains.FAIL);
        assertEquals("sales@v.example:alias\n", text(result));
        assertEquals(List.of("v.example is a vpopmail domain in users/assign, but control/virtualdomains sends its mail"
                + " to bob-v-: scanned as qmail does"), result.warnings());
    }

    @Test
    void anIncludeFileAccountsForTheDomainsItNames() throws Exception {
        SystemTree sys = new SystemTree(root);
        sys.control("rcpthosts", "exchange.example");
        Path include = root.resolve("exchange-users");
        Files.writeString(include, "boss@exchange.example:user\n");
        ScanResult result = scan(sys, UncheckedDomains.FAIL, include);
        assertEquals("boss@exchange.example:user\n", text(result));
        assertTrue(result.summary().text().startsWith("0 domains + 0 alias domains, 1 included domain, "),
                result.summary().text());
    }

    @Test
    void aHomeOwnedBySomeoneElseIsPassedOverAsQmailGetpwDoes() throws Exception {
        SystemTree sys = new SystemTree(root);
        sys.accountWithUid("erin", sys.uid + 1, true);
        sys.account("bob");
        sys.control("locals", "example.org");
        sys.control("rcpthosts", "example.org");
        assertEquals("bob@example.org:user\n", text(scan(sys, UncheckedDomains.FAIL)));
        sys.dotQmail(sys.aliasDir, "erin", "&bob\n");
        assertEquals("bob@example.org:user\nerin@example.org:alias\n", text(scan(sys, UncheckedDomains.FAIL)));
    }

    @Test
    void theUidRangeIsConfigurable() throws Exception {
        SystemTree sys = new SystemTree(root);
        sys.account("bob");
        sys.control("locals", "example.org");
        sys.control("rcpthosts", "example.org");
        ScanSettings narrow = new ScanSettings(sys.qmail, null, List.of(), UncheckedDomains.FAIL, sys.passwd, sys.aliasDir,
                new ScanSettings.UidRange(sys.uid + 1, sys.uid + 10), null, null, AccountOptions.BUILT_IN);
        assertEquals("", text(Scanner.scan(narrow, new ProgressLine(null))));
    }

    /**
     * A link planted where another user can write, pointing at a file of someone else's: as root,
     * a root-only file of the test's with the link handed to the accounts' uid; as a normal user,
     * /etc/passwd (root's).
     */
    private Path plant(SystemTree sys, Path link) throws IOException {
        boolean asRoot = (Integer) Files.getAttribute(root, "unix:uid") == 0;
        Path target = asRoot ? root.resolve("secret") : Path.of("/etc/passwd");
        if (asRoot) {
            Files.writeString(target, "secret:x:0:0::/:/bin/sh\n");
        }
        Files.createSymbolicLink(link, target);
        if (asRoot) {
            Files.getFileAttributeView(link, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setOwner(
                    link.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(Integer.toString(sys.uid)));
        }
        return link;
    }

    private static String refused(SystemTree sys, Path link) throws IOException {
        return "unable to read " + link + ": a symbolic link of uid " + sys.uid + " to " + link.toRealPath() + " of uid 0,"
                + " not followed";
    }

    @Test
    void aVpasswdLinkedToAnotherUsersFileIsNotRead() throws Exception {
        SystemTree sys = new SystemTree(root);
        VpopmailTree.Domain domain = sys.tree.domain("v.example", null);
        Files.delete(domain.dir.resolve("vpasswd"));
        Path vpasswd = plant(sys, domain.dir.resolve("vpasswd"));
        IOException e = assertThrows(IOException.class, () -> scan(sys, UncheckedDomains.FAIL));
        // vpasswd is vpopmail's: read only as a regular file of the domain's user in users/assign.
        assertEquals("unable to read " + vpasswd + ": a symbolic link, not followed", e.getMessage());
    }

    @Test
    void aDotQmailDefaultLinkedToAnotherUsersFileIsNotRead() throws Exception {
        SystemTree sys = new SystemTree(root);
        Path bob = sys.account("bob");
        Path link = plant(sys, bob.resolve(".qmail-default"));
        sys.control("locals", "example.org");
        sys.control("rcpthosts", "example.org");
        ScanResult result = scan(sys, UncheckedDomains.FAIL);
        assertEquals("bob-default@example.org:alias\nbob@example.org:user\n", text(result));
        assertEquals(List.of(refused(sys, link) + "; taken as delivering"), result.warnings());
        assertFalse(text(result).contains("secret"));
    }
}
