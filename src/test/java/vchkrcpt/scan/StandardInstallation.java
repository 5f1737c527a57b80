package vchkrcpt.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The installation most scan tests use: every catch-all kind, an alias domain, 5.4 and 5.6
 * vpasswd lines, hashed user directories, dotted and -default aliases, an ezmlm list, an alias
 * over a mailbox, files qmail-local never opens, and rcpthosts domains vpopmail does not know.
 */
final class StandardInstallation {
    /** The keys of {@link #build}, as {@code --text} prints them. */
    static final String KEYS = ""
            + "@big.example:-delete\n"
            + "@example.com:-bounce-no-mailbox\n"
            + "@example.net:-bounce-no-mailbox\n"
            + "@fwd.example:catchall\n"
            + "@hold.example:-delete\n"
            + "@maildir.example:catchall\n"
            + "@prog.example:catchall\n"
            + "alice@example.com:user\n"
            + "alice@example.net:user\n"
            + "bob@example.com:alias\n"
            + "bob@example.net:alias\n"
            + "first.last@example.com:alias\n"
            + "first.last@example.net:alias\n"
            + "info@example.com:alias\n"
            + "info@example.net:alias\n"
            + "news-default@example.com:alias\n"
            + "news-default@example.net:alias\n"
            + "news-owner@example.com:alias\n"
            + "news-owner@example.net:alias\n"
            + "news-return-default@example.com:alias\n"
            + "news-return-default@example.net:alias\n"
            + "news@example.com:alias\n"
            + "news@example.net:alias\n"
            + "postmaster@big.example:user\n"
            + "postmaster@example.com:user\n"
            + "postmaster@example.net:user\n"
            + "postmaster@fwd.example:user\n"
            + "postmaster@hold.example:user\n"
            + "postmaster@maildir.example:user\n"
            + "postmaster@plain.example:user\n"
            + "postmaster@prog.example:user\n"
            + "sales-default@example.com:alias\n"
            + "sales-default@example.net:alias\n"
            + "user150@big.example:user\n"
            + "user250@big.example:user\n";

    private StandardInstallation() {
    }

    static VpopmailTree build(Path root) throws IOException {
        VpopmailTree tree = new VpopmailTree(root);
        String vdelivermail = "| " + tree.home + "/bin/vdelivermail '' ";

        // vpopmail 5.4: clear passwords, bounce-no-mailbox; example.net is an alias domain of it.
        VpopmailTree.Domain example = tree.domain("example.com", vdelivermail + "bounce-no-mailbox\n");
        example.user54("postmaster").user54("Alice").user56("bob", null);
        example.file(".qmail-info", "&alice@example.com\n")
                .file(".qmail-first:last", "&bob@example.com\n")
                .file(".qmail-sales-default", "&alice@example.com\n")
                // An alias over a mailbox: qmail-local reads it before vdelivermail could look at vpasswd.
                .file(".qmail-bob", tree.home + "/domains/example.com/bob/Maildir/\n&copy@example.org\n")
                // Never opened: qmail-local lowercases and looks for ':' instead of '.'.
                .file(".qmail-Upper", "&alice@example.com\n")
                .file(".qmail-dotted.name", "&alice@example.com\n");
        Files.createSymbolicLink(example.dir.resolve(".qmail-dangling"), example.dir.resolve("no-such-file"));
        ezmlmList(example, "news");
        tree.aliasDomain("example.net", example);

        // vpopmail 5.6: seven fields, delete, users hashed past 99 per level.
        tree.domain("big.example", vdelivermail + "delete\n")
                .user56("postmaster", null).user56("user150", "0").user56("user250", "1");
        tree.domain("fwd.example", vdelivermail + "catch@example.com\n").user56("postmaster", null);
        // vadddomain -e delete: a Maildir path ending in /delete, which delivers.
        tree.domain("maildir.example", vdelivermail + tree.home + "/domains/maildir.example/delete\n")
                .user56("postmaster", null);
        tree.domain("plain.example", null).user56("postmaster", null);
        tree.domain("prog.example", "# edited by hand\n|/usr/bin/procmail -m /etc/procmailrc\n").user56("postmaster", null);
        tree.domain("hold.example", "# catch-all off for now\n").user56("postmaster", null);

        // Other qmail users in assign: not vpopmail domains.
        tree.otherAssignLine("=alias:alias:7790:2108:/var/qmail/alias:::");
        tree.otherAssignLine("+other.example-:other.example:1000:1000:/srv/other:-::");

        tree.control("rcpthosts", "example.com", "example.net", "big.example", "fwd.example", "maildir.example",
                "plain.example", "prog.example", "hold.example", "localhost", ".wild.example");
        tree.morercpthosts("unchecked.example");
        return tree;
    }

    /** What ezmlm-make leaves in a home directory: the list directory and .qmail-LIST* links into it. */
    private static void ezmlmList(VpopmailTree.Domain domain, String list) throws IOException {
        Path dir = domain.dir.resolve(list);
        Files.createDirectories(dir.resolve("archive"));
        for (String file : new String[] {"editor", "manager", "owner", "bouncer"}) {
            Files.writeString(dir.resolve(file), "|/usr/bin/ezmlm-" + file + " '" + dir + "'\n");
        }
        Files.createSymbolicLink(domain.dir.resolve(".qmail-" + list), dir.resolve("editor"));
        Files.createSymbolicLink(domain.dir.resolve(".qmail-" + list + "-default"), dir.resolve("manager"));
        Files.createSymbolicLink(domain.dir.resolve(".qmail-" + list + "-owner"), dir.resolve("owner"));
        Files.createSymbolicLink(domain.dir.resolve(".qmail-" + list + "-return-default"), dir.resolve("bouncer"));
    }
}
