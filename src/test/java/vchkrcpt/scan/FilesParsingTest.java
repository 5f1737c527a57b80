package vchkrcpt.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** users/assign, vpasswd, .qmail file names, include files and control files. */
class FilesParsingTest {

    @Test
    void assignKeepsDomainLinesAndSkipsOtherUsers() throws MalformedFileException {
        String text = "+example.com-:example.com:89:89:/home/vpopmail/domains/example.com:-::\n"
                + "+Example.NET-:example.com:89:89:/home/vpopmail/domains/example.com/:-::\n"
                + "=alias:alias:7790:2108:/var/qmail/alias:::\n"
                + "+ezmlm:ezmlm:1001:1001:/home/ezmlm:-::\n"
                + ".\n"
                + "+after.example-:after.example:89:89:/ignored:-::\n";
        assertEquals(List.of(
                new AssignEntry("example.com", "example.com", "/home/vpopmail/domains/example.com", 89),
                new AssignEntry("example.net", "example.com", "/home/vpopmail/domains/example.com", 89)),
                AssignFile.parse(text, "assign"));
    }

    @Test
    void assignErrorsNameFileAndLine() {
        assertEquals("unable to parse /q/users/assign line 2: no final line with a single . (file cut short?)",
                assertThrows(MalformedFileException.class, () -> AssignFile.parse(
                        "+a.example-:a.example:89:89:/d/a.example:-::\n", "/q/users/assign")).getMessage());
        assertEquals("unable to parse assign line 1: uid and gid (fields 3 and 4) must be numbers",
                assertThrows(MalformedFileException.class, () -> AssignFile.parse(
                        "+a.example-:a.example:x:89:/d:-::\n.\n", "assign")).getMessage());
        assertEquals("unable to parse assign line 2: domain a.example is listed twice",
                assertThrows(MalformedFileException.class, () -> AssignFile.parse(
                        "+a.example-:a.example:89:89:/d:-::\n+A.example-:a.example:89:89:/e:-::\n.\n", "assign"))
                        .getMessage());
        assertThrows(MalformedFileException.class, () -> AssignFile.parse("garbage\n.\n", "assign"));
        assertThrows(MalformedFileException.class, () -> AssignFile.parse("+a-:a:89:89:relative:-::\n.\n", "assign"));
    }

    @Test
    void vpasswdReadsBothVpopmailVersions() throws MalformedFileException {
        String text = "Alice:$1$Xy$abc:1:0:Alice A:/d/alice:NOQUOTA:clear\n" // 5.4, the clear password
                + "bob:$6$s$h:1:8:Bob:/d/0/bob:5000000S\n" // 5.6, hashed directory, NO_IMAP
                + "carol:$6$s$h:1:18:Carol:/d/carol:NOQUOTA\n"; // vmoduser -b (BOUNCE_MAIL) and NO_POP
        assertEquals(List.of(new Mailbox("alice", false), new Mailbox("bob", false), new Mailbox("carol", true)),
                VpasswdFile.mailboxes(text, "vpasswd"));
        assertEquals(List.of(), VpasswdFile.mailboxes("", "vpasswd"));
    }

    @Test
    void vpasswdErrorsNameFileAndLine() {
        assertEquals("unable to parse /d/vpasswd line 2: 2 colon-separated fields, expected 7 or 8"
                + " (name:crypted:uid:gid:gecos:dir:quota[:clear])",
                assertThrows(MalformedFileException.class, () -> VpasswdFile.mailboxes(
                        "a:x:1:0:a:/d/a:NOQUOTA\nb:$1$cut\n", "/d/vpasswd")).getMessage());
        assertEquals("unable to parse vpasswd line 1: no newline at the end (file being written?)",
                assertThrows(MalformedFileException.class, () -> VpasswdFile.mailboxes(
                        "a:x:1:0:a:/d/a:NOQUOTA", "vpasswd")).getMessage());
        assertEquals("unable to parse vpasswd line 2: 13 colon-separated fields, expected 7 or 8"
                + " (name:crypted:uid:gid:gecos:dir:quota[:clear])",
                assertThrows(MalformedFileException.class, () -> VpasswdFile.mailboxes(
                        "a:x:1:0:a:/d/a:NOQUOTA\nb:x:1:0:b:/d/b:NOQUOTAc:x:1:0:c:/d/c:NOQUOTA\n", "vpasswd")).getMessage());
        assertThrows(MalformedFileException.class, () -> VpasswdFile.mailboxes("a:x:1:0:a:/d/a:NOQUOTA:cl:ear\n", "vpasswd"));
        assertThrows(MalformedFileException.class, () -> VpasswdFile.mailboxes(":x:1:0:a:/d/a:NOQUOTA\n", "vpasswd"));
        assertThrows(MalformedFileException.class, () -> VpasswdFile.mailboxes("a:x:one:0:a:/d/a:NOQUOTA\n", "vpasswd"));
    }

    @Test
    void dotQmailNamesAreWhatQmailLocalOpens() {
        assertEquals("info", DotQmailName.localPart(".qmail-info"));
        assertEquals("first.last", DotQmailName.localPart(".qmail-first:last"));
        assertEquals("news-return-default", DotQmailName.localPart(".qmail-news-return-default"));
        assertNull(DotQmailName.localPart(".qmail-"));
        assertNull(DotQmailName.localPart(".qmail-Sales"));
        assertNull(DotQmailName.localPart(".qmail-first.last"));
        assertNull(DotQmailName.localPart("vpasswd"));
    }

    @Test
    void includeLinesLowercaseKeysAndTheFirstWins() throws MalformedFileException {
        assertEquals(Map.of("ceo@example.com", "-gone", "@old.example", "catchall"),
                IncludeFile.parse("# exported\nCEO@example.com:-gone\n\n@old.example:catchall\nceo@example.com:user\n",
                        "inc"));
        assertEquals("unable to parse inc line 2: expected key:value",
                assertThrows(MalformedFileException.class, () -> IncludeFile.parse("a@b:user\nno-colon\n", "inc"))
                        .getMessage());
    }

    @Test
    void controlFilesAreReadLikeQmailDoes() {
        assertEquals(List.of("example.com", "example.net"),
                ControlFile.lines("# comment\nexample.com  \n\n\t\nexample.net"));
    }
}
