package vchkrcpt.scan;

import java.util.ArrayList;
import java.util.List;

import vchkrcpt.policy.Addresses;

/**
 * Parses a domain's vpasswd: {@code name:crypted:pw_uid:pw_gid:gecos:dir:quota}, plus the clear
 * password as an eighth field when vpopmail was built with clear passwords (5.4's default, not
 * 5.6's). pw_uid and pw_gid are numbers (POP/APOP, flag bits), which also catches cut lines; more
 * than eight fields are two lines run together (vpopmail itself would take the rest of the line
 * as the clear password).
 */
public final class VpasswdFile {
    private VpasswdFile() {
    }

    /** @return the mailboxes, names lowercased, in file order */
    public static List<Mailbox> mailboxes(String text, String file) throws MalformedFileException {
        List<String> lines = TextLines.split(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            // vpopmail ends every line; a missing newline means the file is being written.
            throw new MalformedFileException(file, lines.size(), "no newline at the end (file being written?)");
        }
        List<Mailbox> mailboxes = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(":", -1);
            if (fields.length < 7 || fields.length > 8) {
                throw new MalformedFileException(file, i + 1, fields.length
                        + " colon-separated fields, expected 7 or 8 (name:crypted:uid:gid:gecos:dir:quota[:clear])");
            }
            if (fields[0].isEmpty()) {
                throw new MalformedFileException(file, i + 1, "empty user name");
            }
            if (!Digits.only(fields[2]) || !Digits.only(fields[3]) || fields[3].length() > 18) {
                throw new MalformedFileException(file, i + 1, "pw_uid and pw_gid (fields 3 and 4) must be numbers");
            }
            mailboxes.add(Mailbox.of(Addresses.lowerAscii(fields[0]), Long.parseLong(fields[3])));
        }
        return mailboxes;
    }
}
