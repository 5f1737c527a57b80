package vchkrcpt.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScannerTest {
    @TempDir
    Path root;

    private static ScanResult scan(VpopmailTree tree, boolean acceptUnchecked, Path... includes) throws IOException {
        return Scanner.scan(ScanSettings.of(tree.qmail, null, List.of(includes),
                acceptUnchecked ? ScanSettings.UncheckedDomains.ACCEPT : ScanSettings.UncheckedDomains.REJECT),
                new ProgressLine(null));
    }

    private static String text(ScanResult result) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ScanOutput.text(result.keys(), out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void theStandardInstallationGivesTheExpectedKeys() throws IOException {
        ScanResult result = scan(StandardInstallation.build(root), false);
        assertEquals(StandardInstallation.KEYS, text(result));
        assertEquals("7 domains + 1 alias domain, 11 mailboxes, 8 aliases, catch-alls: 1 bounce-no-mailbox,"
                + " 2 delete, 3 deliver, 1 none; 2 unchecked domains (rejected whole), 0 included keys; 35 keys",
                result.summary().text());
    }

    @Test
    void warningsNameWhatIsNotCheckedOrIgnored() throws IOException {
        VpopmailTree tree = StandardInstallation.build(root);
        List<String> warnings = scan(tree, false).warnings();
        Path example = tree.home.resolve("domains/example.com");
        assertEquals(List.of(
                "other.example in " + tree.qmail + "/users/assign lives in /srv/other, not under " + tree.home
                        + "/domains/: not a vpopmail domain, so not scanned",
                "3 domains in rcpthosts/morercpthosts not accounted for: .wild.example localhost unchecked.example:"
                        + " they get no key, so the helper REJECTS every address there; .wild.example: a key cannot be"
                        + " a wildcard, so subdomains not named in locals, virtualdomains, smtproutes, users/assign or"
                        + " --include get none",
                example + "/.qmail-Upper ignored: qmail-local never opens a .qmail file whose name has upper-case"
                        + " letters or dots (it looks for : instead of .)",
                example + "/.qmail-dangling ignored: not a file (a dangling link?)",
                example + "/.qmail-dotted.name ignored: qmail-local never opens a .qmail file whose name has"
                        + " upper-case letters or dots (it looks for : instead of .)"),
                warnings);
    }

    @Test
    void aMorercpthostsTextTheCdbDoesNotMatchIsNamed() throws IOException {
        VpopmailTree tree = new VpopmailTree(root);
        tree.domain("a.example", null).user56("postmaster", null);
        tree.morercpthosts("a.example");
        tree.control("morercpthosts", "a.example", "b.example");
        IOException e = assertThrows(IOException.class, () -> Scanner.scan(ScanSettings.of(tree.qmail, null, List.of(),
                ScanSettings.UncheckedDomains.FAIL), new ProgressLine(null)));
        assertTrue(e.getMessage().startsWith("unable to account for rcpthosts domain(s) b.example: "), e.getMessage());
        assertEquals(List.of(tree.qmail + "/control/morercpthosts and " + tree.qmail + "/control/morercpthosts.cdb differ"
                + " (run qmail-newmrh): qmail-smtpd reads the cdb; the domains of both are scanned",
                "1 domain in rcpthosts/morercpthosts not accounted for: b.example: they get no key, so the helper"
                        + " REJECTS every address there"), scan(tree, false).warnings());
    }

    @Test
    void uncheckedDomainsAreAcceptedWholeOnlyWhenAsked() throws IOException {
        ScanResult result = scan(StandardInstallation.build(root), true);
        assertEquals("catchall", result.keys().get("@localhost"));
        assertEquals("catchall", result.keys().get("@unchecked.example"));
        assertEquals(37, result.keys().size());
    }

    @Test
    void includedKeysWinOverScannedOnes() throws IOException {
        VpopmailTree tree = StandardInstallation.build(root);
        Path include = root.resolve("extra");
        Files.writeString(include, "Alice@Example.COM:-left the company\nboss@exchange.example:user\n");
        Path later = root.resolve("later");
        Files.writeString(later, "alice@example.com:user\nnew@exchange.example:user\n");
        ScanResult result = scan(tree, false, include, later);
        assertEquals("-left the company", result.keys().get("alice@example.com"), "the first include file wins");
        assertEquals("user", result.keys().get("new@exchange.example"));
        assertEquals(3, result.summary().included);
        assertEquals("user", result.keys().get("alice@example.net"));
        assertEquals("user", result.keys().get("boss@exchange.example"));
    }

    @Test
    void aCorruptVpasswdLineIsAnErrorNamingFileAndLine() throws IOException {
        VpopmailTree tree = StandardInstallation.build(root);
        Path vpasswd = tree.home.resolve("domains/fwd.example/vpasswd");
        Files.writeString(vpasswd, "carol:$1$cut", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(vpasswd, "\n", java.nio.file.StandardOpenOption.APPEND);
        IOException e = assertThrows(IOException.class, () -> scan(tree, false));
        assertEquals("unable to parse " + vpasswd + " line 2: 2 colon-separated fields, expected 7 or 8"
                + " (name:crypted:uid:gid:gecos:dir:quota[:clear])", e.getMessage());
    }

    @Test
    void aMissingDomainDirectoryIsAnError() throws IOException {
        VpopmailTree tree = new VpopmailTree(root);
        tree.domain("gone.example", null);
        Files.delete(tree.home.resolve("domains/gone.example/vpasswd"));
        Files.delete(tree.home.resolve("domains/gone.example/.dir-control"));
        Files.delete(tree.home.resolve("domains/gone.example"));
        IOException e = assertThrows(IOException.class, () -> scan(tree, false));
        assertEquals("unable to read the directory of gone.example " + tree.home + "/domains/gone.example: does not exist",
                e.getMessage());
    }

    @Test
    void aMissingVpasswdPointsAtTheBackend() throws IOException {
        VpopmailTree tree = new VpopmailTree(root);
        tree.domain("sql.example", null);
        Files.delete(tree.home.resolve("domains/sql.example/vpasswd"));
        IOException e = assertThrows(IOException.class, () -> scan(tree, false));
        assertTrue(e.getMessage().contains("SQL and LDAP backends keep no vpasswd"), e.getMessage());
    }

    @Test
    void aWrongVpopmailHomeIsRefusedRatherThanGivingAnEmptyFile() throws IOException {
        VpopmailTree tree = StandardInstallation.build(root);
        IOException e = assertThrows(IOException.class, () -> Scanner.scan(
                ScanSettings.of(tree.qmail, root.resolve("elsewhere"), List.of(), ScanSettings.UncheckedDomains.REJECT), new ProgressLine(null)));
        assertTrue(e.getMessage().startsWith("unable to find vpopmail domains: no domain directory in "), e.getMessage());
    }

    @Test
    void theVpopmailHomeIsReadOffAssign() throws IOException {
        VpopmailTree tree = StandardInstallation.build(root);
        ScanSettings settings = ScanSettings.of(tree.qmail, null, List.of(), ScanSettings.UncheckedDomains.REJECT);
        assertEquals(tree.home, VpopmailDomains.read(settings, new java.util.ArrayList<>()).home());
    }
}
