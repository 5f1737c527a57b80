package vchkrcpt.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import vchkrcpt.testing.MariaDb;

/**
 * The tables vpopmail 5.6's MySQL backend creates (vmysql.h), and rows as vadduser, vmoduser and
 * valias -i write them. A database per layout: {@code vpopmail} (one table for all domains, with
 * pw_domain, the default) and {@code vpopsplit} (--disable-many-domains: one table per domain).
 * The user {@code vpopmail} (password {@code secret}) may read both.
 */
final class VpopmailSql {
    static final String USER = "vpopmail";
    static final String PASSWORD = "secret";

    private VpopmailSql() {
    }

    /** The columns of an accounts table; {@code manyDomains} adds pw_domain (clear passwords built in). */
    static String accountsTable(String name, boolean manyDomains) {
        return "CREATE TABLE IF NOT EXISTS `" + name + "` (pw_name VARCHAR(64) NOT NULL,"
                + (manyDomains ? " pw_domain VARCHAR(96) NOT NULL," : "")
                + " pw_passwd VARCHAR(128), pw_uid INT, pw_gid INT, pw_gecos VARCHAR(64), pw_dir VARCHAR(160),"
                + " pw_shell VARCHAR(20), pw_clear_passwd VARCHAR(128),"
                + " PRIMARY KEY (pw_name" + (manyDomains ? ", pw_domain" : "") + "));\n";
    }

    static final String VALIAS = "CREATE TABLE IF NOT EXISTS valias (id INT(11) PRIMARY KEY AUTO_INCREMENT,"
            + " alias VARCHAR(32) NOT NULL, domain VARCHAR(96) NOT NULL, valias_line TEXT NOT NULL,"
            + " INDEX (alias, domain));\n";
    static final String ALIASDOMAINS = "CREATE TABLE IF NOT EXISTS aliasdomains (alias VARCHAR(100) NOT NULL,"
            + " domain VARCHAR(100) NOT NULL, PRIMARY KEY (alias));\n";

    /** vadduser: pw_uid 0, pw_gid 0, a crypted and a clear password, the user's directory, NOQUOTA. */
    static String account(String table, String domain, String name, int gid) {
        String dir = "/home/vpopmail/domains/" + (domain == null ? table : domain) + "/" + name;
        return "INSERT INTO `" + table + "` (pw_name, " + (domain == null ? "" : "pw_domain, ")
                + "pw_passwd, pw_uid, pw_gid, pw_gecos, pw_dir, pw_shell, pw_clear_passwd) VALUES ('" + name + "', "
                + (domain == null ? "" : "'" + domain + "', ") + "'$1$abcdefgh$0123456789abcdefghijkl', 0, " + gid
                + ", '" + name + "', '" + dir + "', 'NOQUOTA', 'clear-" + name + "');\n";
    }

    /** valias -i LINE ALIAS@DOMAIN: one row per line, verbatim. */
    static String alias(String alias, String domain, String line) {
        return "INSERT INTO valias (alias, domain, valias_line) VALUES ('" + alias + "', '" + domain + "', '" + line + "');\n";
    }

    /** Both databases and the vpopmail user. */
    static void create(MariaDb server) throws IOException, InterruptedException {
        server.sql("CREATE DATABASE vpopmail; CREATE DATABASE vpopsplit;\n"
                + "CREATE USER '" + USER + "'@'localhost' IDENTIFIED BY '" + PASSWORD + "';\n"
                + "CREATE USER '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "';\n"
                + "GRANT ALL ON vpopmail.* TO '" + USER + "'@'localhost'; GRANT ALL ON vpopsplit.* TO '" + USER + "'@'localhost';\n"
                + "GRANT ALL ON vpopmail.* TO '" + USER + "'@'127.0.0.1';\n"
                + "USE vpopmail;\n" + accountsTable("vpopmail", true) + VALIAS + ALIASDOMAINS);
    }

    /** VPOPMAIL/etc/vpopmail.mysql as make install leaves it (comments, then the line), mode 0640. */
    static void connectionFile(Path vpopmailHome, String line) throws IOException {
        Files.createDirectories(vpopmailHome.resolve("etc"));
        Path file = vpopmailHome.resolve("etc/vpopmail.mysql");
        Files.writeString(file, "# MYSQL CONNECTION SETTINGS FOR VPOPMAIL\n#\n# host|port|user|password|database\n#\n"
                + line + "\n#\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
    }
}
