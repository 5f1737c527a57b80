package vchkrcpt.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.Driver;
import vchkrcpt.policy.Addresses;

/**
 * vpopmail's MySQL backend, read with the credentials vpopmail itself uses. Accounts are in one
 * table {@code vpopmail} keyed by (pw_name, pw_domain), or, with {@code --disable-many-domains},
 * in one table per domain named from the domain with {@code .} and {@code -} turned into
 * {@code _}; pw_gid holds the flag bits. With {@code --enable-valias} the {@code valias} table holds
 * aliases (alias, domain, valias_line), which vdelivermail tries before the accounts. Rows belong
 * to the real domain's name, as vdelivermail looks them up. The shared tables are read whole, once
 * (their indexes cannot find one domain's rows), all in one consistent snapshot. The driver is
 * called directly, not through DriverManager's service look-up.
 */
final class MysqlStore implements UserStore {
    /** Where the C client looks when vpopmail.mysql says {@code localhost}: MYSQL_UNIX_PORT, then the usual builds' defaults. */
    private static final List<String> DEFAULT_SOCKETS = List.of("/run/mysqld/mysqld.sock",
            "/var/run/mysqld/mysqld.sock", "/var/lib/mysql/mysql.sock", "/tmp/mysql.sock");
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** A server that stops answering (but keeps the connection) ends the scan after this long. */
    private static final int READ_TIMEOUT_MILLIS = 60_000;

    private final Connection connection;
    private final String where;
    private final boolean oneTable;
    private final boolean valias;
    private final long pauseMillis;
    /** The tables read whole, by (lowercased) domain, at the first use in each snapshot. */
    private Map<String, List<Mailbox>> accounts;
    private Map<String, List<String>> aliases;

    private MysqlStore(Connection connection, String where, boolean oneTable, boolean valias, long pauseMillis) {
        this.connection = connection;
        this.where = where;
        this.oneTable = oneTable;
        this.valias = valias;
        this.pauseMillis = pauseMillis;
    }

    /**
     * Connects and finds the layout.
     *
     * @param header vpopmail_config.h, or {@code null}; unless it is a MySQL build's, the tables in
     *        the database tell the layout and whether valias rows count
     */
    static MysqlStore open(MysqlConfig config, VpopmailConfig header, long pauseMillis) throws IOException {
        String where = config.where();
        // Properties rather than the URL's path or query, so no value needs escaping.
        Properties options = new Properties();
        options.setProperty("user", config.user());
        options.setProperty("password", config.password());
        options.setProperty("database", config.database());
        options.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_MILLIS));
        options.setProperty("socketTimeout", Integer.toString(READ_TIMEOUT_MILLIS));
        String socket = config.socket() != null ? config.socket()
                : config.host().equals("localhost") ? defaultSocket(where) : null;
        String host = config.host();
        int port = config.port() == 0 ? 3306 : config.port();
        if (socket != null) {
            options.setProperty("socketFactory", MysqlUnixSocketFactory.class.getName());
            options.setProperty(MysqlUnixSocketFactory.PATH, socket);
            host = "localhost";
        } else if (!host.matches("[A-Za-z0-9._:-]+")) {
            throw new IOException("unable to connect to the vpopmail " + where + ": the host is not a host name or address");
        }
        Connection connection;
        try {
            // Driver.connect directly: no DriverManager, whose service look-up a native image would need metadata for.
            connection = Driver.connect(Configuration.parse("jdbc:mariadb://address=(host=" + host + ")(port=" + port + ")/",
                    options));
        } catch (SQLException e) {
            throw new IOException("unable to connect to the vpopmail " + where + ": " + e.getMessage(), e);
        }
        try {
            boolean oneTable;
            boolean valiasTable;
            try (Statement statement = connection.createStatement();
                    ResultSet tables = statement.executeQuery("SELECT TABLE_NAME FROM information_schema.COLUMNS"
                            + " WHERE TABLE_SCHEMA = DATABASE() AND ((TABLE_NAME = 'vpopmail' AND COLUMN_NAME = 'pw_domain')"
                            + " OR (TABLE_NAME = 'valias' AND COLUMN_NAME = 'alias'))")) {
                List<String> found = new ArrayList<>();
                while (tables.next()) {
                    found.add(tables.getString(1));
                }
                // The header speaks for the layout only when it is a MySQL build's.
                boolean built = header != null && header.backend() == Backend.MYSQL;
                oneTable = built ? header.manyDomains() : found.contains("vpopmail");
                valiasTable = found.contains("valias") && (!built || header.valias());
            }
            startSnapshot(connection);
            return new MysqlStore(connection, where, oneTable, valiasTable, pauseMillis);
        } catch (SQLException e) {
            close(connection);
            throw new IOException("unable to read the vpopmail " + where + ": " + e.getMessage(), e);
        }
    }

    private static String defaultSocket(String where) throws IOException {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("MYSQL_UNIX_PORT");
        if (env != null && !env.isEmpty()) {
            candidates.add(env);
        }
        candidates.addAll(DEFAULT_SOCKETS);
        for (String candidate : candidates) {
            if (Files.exists(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IOException("unable to connect to the vpopmail " + where + ": host localhost means the local"
                + " socket (as for vpopmail's C client), and none exists: " + String.join(" ", candidates)
                + " (set MYSQL_UNIX_PORT, or give the socket's path as the port in vpopmail.mysql)");
    }

    private static void startSnapshot(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
        }
    }

    @Override
    public DomainUsers read(VpopmailDomain domain) throws IOException {
        String name = domain.name();
        String table = oneTable ? "vpopmail" : tableOf(name);
        try {
            List<Mailbox> mailboxes;
            if (oneTable) {
                // One pass over the table: its key (pw_name, pw_domain) cannot find a domain's rows.
                if (accounts == null) {
                    accounts = new HashMap<>();
                    select("SELECT pw_domain, pw_name, pw_gid FROM vpopmail", row -> accounts
                            .computeIfAbsent(byteString(row.getBytes(1)), d -> new ArrayList<>())
                            .add(Mailbox.of(byteString(row.getBytes(2)), row.getLong(3))));
                }
                mailboxes = accounts.getOrDefault(name, List.of());
            } else {
                List<Mailbox> rows = new ArrayList<>();
                select("SELECT pw_name, pw_gid FROM `" + table + "`",
                        row -> rows.add(Mailbox.of(byteString(row.getBytes(1)), row.getLong(2))));
                mailboxes = rows;
            }
            if (valias && aliases == null) {
                aliases = new HashMap<>();
                select("SELECT DISTINCT domain, alias FROM valias", row -> aliases
                        .computeIfAbsent(byteString(row.getBytes(1)), d -> new ArrayList<>()).add(byteString(row.getBytes(2))));
            }
            return new DomainUsers(mailboxes, valias ? aliases.getOrDefault(name, List.of()) : List.of());
        } catch (SQLException e) {
            throw new IOException("unable to read the accounts of " + name + " (table " + table + ") from the vpopmail "
                    + where + ": " + e.getMessage(), e);
        }
    }

    /** What to do with each row. */
    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private void select(String query, RowReader reader) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                reader.read(rows);
            }
        }
    }

    /** vauth_munch_domain: {@code .} and {@code -} become {@code _}. */
    static String tableOf(String domain) {
        return domain.replace('.', '_').replace('-', '_').replace("`", "``");
    }

    private static String byteString(byte[] bytes) {
        return bytes == null ? "" : Addresses.lowerAscii(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    /** A new snapshot after the pause must give the same accounts and aliases. */
    @Override
    public void confirm(VpopmailDomain domain, DomainUsers read) throws IOException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            throw new IOException("unable to read the vpopmail " + where + ": " + e.getMessage(), e);
        }
        Pause.sleep(pauseMillis);
        accounts = null;
        aliases = null;
        try {
            startSnapshot(connection);
        } catch (SQLException e) {
            throw new IOException("unable to read the vpopmail " + where + ": " + e.getMessage(), e);
        }
        DomainUsers again = read(domain);
        if (!new HashSet<>(again.mailboxes()).equals(new HashSet<>(read.mailboxes()))
                || !new HashSet<>(again.aliases()).equals(new HashSet<>(read.aliases()))) {
            throw new IOException("the database gave " + again.mailboxes().size() + " accounts " + pauseMillis
                    + " ms after it gave " + read.mailboxes().size() + " (being reloaded?)");
        }
    }

    @Override
    public String describe() {
        return "the vpopmail " + where;
    }

    @Override
    public void close() throws IOException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IOException("unable to close the connection to the vpopmail " + where + ": " + e.getMessage(), e);
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // The error that made us close it is the one to report.
        }
    }
}
