package vchkrcpt.scan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A passwd file as getpwnam reads it: {@code name:password:uid:gid:gecos:home:shell}, the first
 * line of a name wins. Lines getpwnam would skip (NIS {@code +}/{@code -} lines, too few fields,
 * a uid that is not a number) are skipped with a warning rather than stopping the scan.
 */
final class PasswdFile {
    /** One account; {@code home} as a byte string. */
    record Account(String name, long uid, long gid, String home) {
    }

    private final List<Account> accounts = new ArrayList<>();
    private final Map<String, Account> byName = new HashMap<>();

    static PasswdFile parse(String text, String file, List<String> warnings) {
        PasswdFile passwd = new PasswdFile();
        List<String> lines = TextLines.split(text);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(":", -1);
            if (line.startsWith("+") || line.startsWith("-") || fields.length != 7 || fields[0].isEmpty()
                    || !Digits.only(fields[2]) || !Digits.only(fields[3]) || fields[2].length() > 10
                    || fields[3].length() > 10) {
                warnings.add(file + " line " + (i + 1) + " skipped: not name:password:uid:gid:gecos:home:shell");
                continue;
            }
            Account account = new Account(fields[0], Long.parseLong(fields[2]), Long.parseLong(fields[3]), fields[5]);
            if (passwd.byName.putIfAbsent(account.name(), account) == null) {
                passwd.accounts.add(account);
            }
        }
        return passwd;
    }

    Account get(String name) {
        return byName.get(name);
    }

    List<Account> accounts() {
        return accounts;
    }
}
