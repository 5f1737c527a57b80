package vchkrcpt.scan;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code VPOPMAIL/etc/vpopmail.mysql}, read as vpopmail's load_connection_info reads it: the first
 * line that is neither empty nor a {@code #} comment, split at {@code |} with empty fields
 * skipped (strtok), {@code host|port|user|password|database}. A port field starting with
 * {@code /} is a socket path. A second line is for updates; the scan only reads.
 */
record MysqlConfig(String host, int port, String socket, String user, String password, String database) {

    static MysqlConfig parse(String text, String file) throws MalformedFileException {
        List<String> lines = TextLines.split(text);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = new ArrayList<>();
            for (String field : line.split("\\|")) {
                if (!field.isEmpty()) {
                    fields.add(field);
                }
            }
            if (fields.size() < 5) {
                // The line holds a password: say what is missing, never echo it.
                throw new MalformedFileException(file, i + 1, fields.size()
                        + " |-separated fields, expected 5 (host|port|user|password|database)");
            }
            String port = fields.get(1);
            return port.startsWith("/")
                    ? new MysqlConfig(fields.get(0), 0, port, fields.get(2), fields.get(3), fields.get(4))
                    : new MysqlConfig(fields.get(0), atoi(port), null, fields.get(2), fields.get(3), fields.get(4));
        }
        throw new MalformedFileException(file, lines.size(), "no connection line (host|port|user|password|database)");
    }

    /** As C's atoi: the leading digits, 0 without any. */
    private static int atoi(String s) {
        int n = 0;
        for (int i = 0; i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && n < 100_000; i++) {
            n = n * 10 + s.charAt(i) - '0';
        }
        return n;
    }

    /** For messages: where, never the password. */
    String where() {
        String at = socket != null ? socket : host.equals("localhost") ? "localhost (socket)" : host + ":" + port;
        return "database " + database + " as " + user + " on " + at;
    }

    @Override
    public String toString() {
        return where();
    }
}
