package vchkrcpt.scan;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What qmail does with a local part once qmail-send has found its domain local (the local part
 * as it is) or virtual (the local part after {@code PREPEND-}): qmail-lspawn looks in users/assign
 * (an {@code =} line for exactly this local part, else the {@code +} line with the longest
 * prefix), else qmail-getpw takes the passwd account named by the whole local part or by the
 * longest part before a {@code -} (lowercase, under 32 bytes, uid not 0, home directory present
 * and owned by the account), else the alias user with the whole local part as extension; then
 * qmail-local, in that home, delivers {@code USER@} with an empty extension at once, and
 * otherwise opens {@code .qmail-EXT}, then {@code .qmail-PREFIX-default} for each dash from the
 * right, then {@code .qmail-default}, and bounces when none exists. The answer is the value of the
 * key for that address.
 */
final class LocalDelivery {
    /** Delivered by the account's default delivery ({@code USER@}, an {@code =} line without extension). */
    static final String USER = "user";
    /** Delivered by a .qmail file (or by fastforward). */
    static final String ALIAS = "alias";
    /** qmail-local's "Sorry, no mailbox here by that name", or fastforward's bounce. */
    static final String NO_MAILBOX = "-no-mailbox";

    /** Where qmail-lspawn hands a local part: the home, dash and extension qmail-local gets, and who. */
    record Recipient(Path home, String dash, String ext, AssignLine assign, PasswdFile.Account account) {
    }

    private final Map<String, AssignLine> exact = new HashMap<>();
    private final Map<String, AssignLine> wildcard = new HashMap<>();
    private final ScanSettings settings;
    private final WatchPlan sources;
    private final List<String> warnings;
    private PasswdFile passwd;
    private final Map<Path, DotQmailDir> dirs = new HashMap<>();
    private final Map<PasswdFile.Account, Boolean> homeOwned = new HashMap<>();
    private final Map<Path, Fastforward> forwards = new HashMap<>();

    LocalDelivery(List<AssignLine> assign, ScanSettings settings, WatchPlan sources, List<String> warnings) {
        for (AssignLine line : assign) {
            // qmail-newu writes every line; cdb_seek finds the first of equal keys.
            (line.exact() ? exact : wildcard).putIfAbsent(line.local(), line);
        }
        this.settings = settings;
        this.sources = sources;
        this.warnings = warnings;
    }

    /** The value for {@code local@domain}: {@link #USER}, {@link #ALIAS}, or a rejecting value starting with {@code -}. */
    String deliver(String local, String domain) throws IOException {
        Recipient recipient = locate(local);
        if (recipient.dash().isEmpty()) {
            return USER;
        }
        String safe = recipient.ext().replace('.', ':');
        DotQmailDir dir = dir(recipient.home());
        if (dir.has(safe)) {
            // qmail-local sets DEFAULT for a file matched by its own name too: fastforward -d reads it.
            return safe.endsWith("default")
                    ? byDefault(dir, safe, local, recipient.ext().substring(safe.length() - "default".length()), domain)
                    : ALIAS;
        }
        for (int i = safe.length(); i >= 0; i--) {
            if (i == 0 || safe.charAt(i - 1) == '-') {
                String ext = safe.substring(0, i) + "default";
                if (dir.has(ext)) {
                    return byDefault(dir, ext, local, recipient.ext().substring(i), domain);
                }
            }
        }
        return NO_MAILBOX;
    }

    /** qmail-lspawn's and qmail-getpw's choice for this (lowercase) local part. */
    Recipient locate(String local) throws IOException {
        AssignLine line = exact.get(local);
        if (line != null) {
            return new Recipient(InstallFiles.path(line.home()), line.dash(), line.ext(), line, null);
        }
        for (int i = local.length(); i >= 0; i--) {
            line = wildcard.get(local.substring(0, i));
            if (line != null) {
                return new Recipient(InstallFiles.path(line.home()), line.dash(), line.ext() + local.substring(i), line, null);
            }
        }
        for (int end = local.length(); end >= 0; end--) {
            if ((end == local.length() || local.charAt(end) == '-') && end < 32) {
                PasswdFile.Account account = passwd().get(local.substring(0, end));
                if (account != null && ownsHome(account)) {
                    boolean whole = end == local.length();
                    return new Recipient(InstallFiles.path(account.home()), whole ? "" : "-",
                            whole ? "" : local.substring(end + 1), null, account);
                }
            }
        }
        return new Recipient(settings.aliasDir(), "-", local, null, null);
    }

    /** qmail-getpw's test: not root, and the home directory exists and belongs to the account. */
    boolean ownsHome(PasswdFile.Account account) throws IOException {
        if (account.uid() == 0) {
            return false;
        }
        Boolean owned = homeOwned.get(account);
        if (owned == null) {
            Path home = InstallFiles.path(account.home());
            sources.file(home);
            try {
                owned = home.isAbsolute() && InstallFiles.uid(home) == account.uid();
            } catch (NoSuchFileException e) {
                owned = false;
            } catch (IOException e) {
                throw new IOException("unable to read the home directory " + home + " of " + account.name() + ": "
                        + InstallFiles.why(e), e);
            }
            homeOwned.put(account, owned);
        }
        return owned;
    }

    Path aliasDir() {
        return settings.aliasDir();
    }

    PasswdFile passwd() throws IOException {
        if (passwd == null) {
            sources.file(settings.passwd());
            passwd = PasswdFile.parse(InstallFiles.read(settings.passwd()), settings.passwd().toString(), warnings);
        }
        return passwd;
    }

    DotQmailDir dir(Path home) throws IOException {
        DotQmailDir dir = dirs.get(home);
        if (dir == null) {
            sources.dotQmail(home);
            dir = DotQmailDir.read(home, warnings);
            dirs.put(home, dir);
        }
        return dir;
    }

    /** Every fastforward database the scan has read, for the addresses it names. */
    Iterable<Fastforward> forwardingDatabases() {
        return forwards.values();
    }

    /**
     * A {@code .qmail-...default} file: fastforward decides by its database; otherwise the file is
     * classified like a vpopmail domain's .qmail-default.
     */
    private String byDefault(DotQmailDir dir, String ext, String local, String defaultPart, String domain)
            throws IOException {
        String text = dir.text(ext, warnings);
        if (text == null) {
            return ALIAS;
        }
        List<String> rest = new ArrayList<>();
        for (String line : TextLines.split(text)) {
            Fastforward.Command command = line.startsWith("|") ? Fastforward.in(line.substring(1)) : null;
            if (command == null) {
                rest.add(line);
                continue;
            }
            Fastforward database = forwarding(dir.dir(), command);
            if (database.forwards(command.useDefault() ? defaultPart : local, domain)) {
                return ALIAS;
            }
            if (!command.passThrough()) {
                return NO_MAILBOX;
            }
        }
        if (rest.size() < TextLines.split(text).size() && !delivers(rest)) {
            // fastforward -p found nothing and nothing follows: the message is dropped.
            return CatchAll.DELETE.value();
        }
        return switch (DotQmailDefault.classify(text.isEmpty() ? "" : String.join("\n", rest) + "\n")) {
            case BOUNCE -> CatchAll.BOUNCE.value();
            case DELETE -> CatchAll.DELETE.value();
            default -> ALIAS;
        };
    }

    private static boolean delivers(List<String> lines) {
        for (String line : lines) {
            String text = DotQmailDefault.stripTrailingBlanks(line);
            if (!text.isEmpty() && !text.startsWith("#")) {
                return true;
            }
        }
        return false;
    }

    private Fastforward forwarding(Path home, Fastforward.Command command) throws IOException {
        Path cdb = settings.aliasesCdb() != null ? settings.aliasesCdb() : home.resolve(InstallFiles.path(command.cdb()));
        Fastforward database = forwards.get(cdb);
        if (database == null) {
            sources.file(cdb);
            database = Fastforward.read(cdb);
            forwards.put(cdb, database);
        }
        return database;
    }
}
