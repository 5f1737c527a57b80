package vchkrcpt.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import vchkrcpt.testing.CdbTools;

/**
 * A qmail installation beyond vpopmail: two local domains (control/locals) with system accounts,
 * their ~/.qmail-EXT files and an ezmlm list, users/assign lines for other users, the alias
 * user's .qmail files and fastforward's database (built with Debian's setforward), virtual
 * domains of system users, a backup MX and a gateway in smtproutes (one with its address list),
 * a domain known only from morercpthosts.cdb, and one vpopmail domain beside them.
 */
final class SystemInstallation {
    /** The keys of {@link #build}, as {@code --text} prints them. */
    static final String KEYS = ""
            + "@backup.example:relay\n"
            + "@mail.example.org:catchall\n"
            + "@more.example:relay\n"
            + "@virt.example:catchall\n"
            + "@vpop.example:-bounce-no-mailbox\n"
            + "abuse@example.org:alias\n"
            + "abuse@mail.example.org:alias\n"
            + "alice-default@mail.example.org:-no-mailbox\n"
            + "alice@example.org:user\n"
            + "alice@mail.example.org:user\n"
            + "ann-default@mail.example.org:-no-mailbox\n"
            + "ann-list@example.org:user\n"
            + "ann-list@mail.example.org:user\n"
            + "ann-nv-info@example.org:alias\n"
            + "ann-nv-info@mail.example.org:alias\n"
            + "ann@example.org:user\n"
            + "ann@mail.example.org:user\n"
            + "bob-default@mail.example.org:-no-mailbox\n"
            + "bob-first.last@example.org:alias\n"
            + "bob-first.last@mail.example.org:alias\n"
            + "bob-list-default@example.org:alias\n"
            + "bob-list-default@mail.example.org:alias\n"
            + "bob-list@example.org:alias\n"
            + "bob-list@mail.example.org:alias\n"
            + "bob-virt-default@example.org:alias\n"
            + "bob-virt-default@mail.example.org:alias\n"
            + "bob-virt-sales@example.org:alias\n"
            + "bob-virt-sales@mail.example.org:alias\n"
            + "bob@example.org:user\n"
            + "bob@mail.example.org:user\n"
            + "boss@backup.example:alias\n"
            + "carol-default@example.org:alias\n"
            + "carol-default@mail.example.org:alias\n"
            + "carol@example.org:user\n"
            + "carol@mail.example.org:user\n"
            + "default@mail.example.org:alias\n"
            + "default@virt.example:alias\n"
            + "erin@example.org:alias\n"
            + "erin@mail.example.org:alias\n"
            + "info@mail.example.org:alias\n"
            + "info@novirt.example:alias\n"
            + "info@partial.example:relay\n"
            + "mailer-daemon@example.org:alias\n"
            + "mailer-daemon@mail.example.org:alias\n"
            + "postmaster@example.org:alias\n"
            + "postmaster@mail.example.org:alias\n"
            + "postmaster@vpop.example:user\n"
            + "root@example.org:alias\n"
            + "root@mail.example.org:alias\n"
            + "sales@partial.example:relay\n"
            + "sales@virt.example:alias\n"
            + "sysop@example.org:user\n"
            + "sysop@mail.example.org:user\n"
            + "team-default@example.org:alias\n"
            + "team-default@mail.example.org:alias\n"
            + "team-default@partial.example:relay\n"
            + "webmaster@example.org:alias\n";

    private SystemInstallation() {
    }

    static SystemTree build(Path root) throws IOException, InterruptedException {
        SystemTree sys = new SystemTree(root);
        sys.control("locals", "example.org", "mail.example.org");
        sys.control("rcpthosts", "example.org", "mail.example.org", "virt.example", "novirt.example", "backup.example",
                "partial.example", "vpop.example");
        // Received only through morercpthosts.cdb (the text file is gone), relayed by the default route.
        CdbTools.cdbmake(sys.qmail.resolve("control/morercpthosts.cdb"), List.of(CdbTools.entry("more.example", "")));
        sys.control("smtproutes", "backup.example:mx.backup.example", "partial.example:gw.example:2525", ":smarthost.example");
        Path routed = root.resolve("routed");
        Files.createDirectories(routed);
        Files.writeString(routed.resolve("partial.example"), "# the gateway's users\nsales\ninfo@partial.example\nteam-default\n");

        // alice: no .qmail files at all; her address still delivers (the default delivery).
        sys.account("alice");
        // bob: a .qmail, extensions, an ezmlm list (links into ~/list), a dotted name, a name qmail-local never opens.
        Path bob = sys.account("bob");
        Files.writeString(bob.resolve(".qmail"), "./Maildir/\n");
        sys.dotQmail(bob, "virt-sales", "&sales@elsewhere.example\n");
        sys.dotQmail(bob, "virt-default", "./Maildir/\n");
        sys.dotQmail(bob, "first:last", "&bob\n");
        sys.dotQmail(bob, "Upper", "&bob\n");
        Path list = bob.resolve("list");
        Files.createDirectories(list);
        Files.writeString(list.resolve("editor"), "|ezmlm-send '" + list + "'\n");
        Files.writeString(list.resolve("manager"), "|ezmlm-manage '" + list + "'\n");
        Files.createSymbolicLink(bob.resolve(".qmail-list"), list.resolve("editor"));
        Files.createSymbolicLink(bob.resolve(".qmail-list-default"), list.resolve("manager"));
        // carol: a .qmail-default of her own catches carol-anything.
        Path carol = sys.account("carol");
        sys.dotQmail(carol, "default", "|/usr/bin/procmail\n");

        // ann and ann-list: qmail-getpw takes the longest account, so ann-list-x is ann-list's (who has no files).
        Path ann = sys.account("ann");
        sys.dotQmail(ann, "list-default", "&ann\n");
        sys.dotQmail(ann, "nv-info", "&ann\n");
        sys.account("ann-list");
        // Accounts qmail-getpw passes over, or that are out of the uid range: no keys of their own.
        sys.accountWithUid("erin", sys.uid + 1, true);
        sys.accountWithUid("gone", sys.uid, false);
        sys.accountWithUid("daemon", 1, true);
        sys.passwdLine("root:x:0:0:root:" + root + ":/bin/sh");
        sys.passwdLine("Frank:x:" + sys.uid + ":" + sys.uid + "::" + carol + ":/bin/sh");
        sys.passwdLine("+::::::");

        // users/assign lines for system users (besides vpopmail's): one address, and a prefix.
        sys.tree.otherAssignLine("=sysop:carol:" + sys.uid + ":" + sys.uid + ":" + carol + ":::");
        sys.tree.otherAssignLine("+team-:carol:" + sys.uid + ":" + sys.uid + ":" + carol + ":-:team-:");

        // The alias user: postmaster and friends, erin (whose home is not hers), fastforward for the rest.
        for (String name : new String[] {"postmaster", "root", "mailer-daemon", "erin"}) {
            sys.dotQmail(sys.aliasDir, name, "&alice\n");
        }
        Path aliases = root.resolve("etc/aliases.cdb");
        setforward(aliases, "abuse@: alice;\nwebmaster@example.org: bob@example.org;\ninfo@mail.example.org: carol;\n"
                + "nobody@elsewhere.example: alice;\n@mail.example.org: alice;\n");
        sys.dotQmail(sys.aliasDir, "default", "| fastforward -d " + aliases + "\n");

        // Virtual domains of system users; an address of a relayed domain sent to a user.
        for (String line : new String[] {"virt.example:bob-virt", "novirt.example:ann-nv", "boss@backup.example:bob-virt"}) {
            sys.tree.virtualdomain(line);
        }
        VpopmailTree.Domain vpop = sys.tree.domain("vpop.example", "| /home/vpopmail/bin/vdelivermail '' bounce-no-mailbox\n");
        vpop.user56("postmaster", null);
        return sys;
    }

    static ScanSettings settings(SystemTree sys, Path root) {
        return sys.settings(ScanSettings.UncheckedDomains.FAIL, null, root.resolve("routed"));
    }

    /** fastforward's database as setforward (Debian's fastforward package) writes it. */
    static void setforward(Path cdb, String instructions) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("setforward", cdb.toString(), cdb + ".tmp").redirectErrorStream(true).start();
        p.getOutputStream().write(instructions.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (p.waitFor() != 0) {
            throw new IOException("setforward failed: " + out);
        }
    }
}
