package vchkrcpt.scan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import vchkrcpt.cdb.CdbSequentialReader;
import vchkrcpt.policy.Addresses;

/**
 * fastforward's forwarding database (newaliases' /etc/aliases.cdb, setforward's output): a
 * target {@code T} is stored as the key {@code :T}, lowercased. For an incoming
 * {@code user@host} fastforward tries the targets {@code user@host}, {@code @host} and
 * {@code user@}, and bounces the message when none exists (unless run with {@code -p}).
 */
final class Fastforward {
    private final Set<String> targets = new TreeSet<>();

    /**
     * How a .qmail line runs fastforward: {@code -p} (pass through: not found goes on with the next
     * line), {@code -d} (look up {@code $DEFAULT@$HOST} instead of {@code $RECIPIENT}), the cdb.
     */
    record Command(boolean passThrough, boolean useDefault, String cdb) {
    }

    static Fastforward read(Path cdb) throws IOException {
        Fastforward read = new Fastforward();
        try (CdbSequentialReader records = CdbSequentialReader.open(InstallFiles.trusted(cdb))) {
            ByteArrayOutputStream key = new ByteArrayOutputStream();
            while (records.next()) {
                key.reset();
                records.copyKey(key);
                String text = key.toString(StandardCharsets.ISO_8859_1);
                if (text.startsWith(":")) {
                    read.targets.add(Addresses.lowerAscii(text.substring(1)));
                }
            }
        } catch (IOException e) {
            throw new IOException("unable to read " + cdb + ": " + InstallFiles.why(e), e);
        }
        return read;
    }

    /** Whether fastforward forwards mail for {@code local@domain}. */
    boolean forwards(String local, String domain) {
        return targets.contains(local + "@" + domain) || targets.contains("@" + domain) || targets.contains(local + "@");
    }

    /** The targets: {@code user@host}, {@code @host} and {@code user@}. */
    Set<String> targets() {
        return targets;
    }

    /** The fastforward run by this {@code |command} line of a .qmail file, or {@code null}. */
    static Command in(String command) {
        List<String> arguments = DotQmailDefault.argumentsOf(command, "fastforward");
        if (arguments == null) {
            return null;
        }
        boolean passThrough = false;
        boolean useDefault = false;
        for (String argument : arguments) {
            if (argument.startsWith("-") && argument.length() > 1) {
                for (char option : argument.substring(1).toCharArray()) {
                    passThrough = option == 'p' || (passThrough && option != 'P');
                    useDefault = option == 'd' || (useDefault && option != 'D');
                }
            } else {
                return new Command(passThrough, useDefault, argument);
            }
        }
        return null;
    }
}
