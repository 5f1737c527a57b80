package vchkrcpt.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import vchkrcpt.Status;
import vchkrcpt.env.ParentProcess;
import vchkrcpt.env.ThrottleConfig;
import vchkrcpt.log.LogText;
import vchkrcpt.policy.ThrottleLimits;
import vchkrcpt.policy.ThrottleRules;
import vchkrcpt.state.StateDirectory;
import vchkrcpt.state.ThrottleTable;

/**
 * {@code vchkrcpt throttle list [--json]}: what the throttle remembers, with counts within the
 * window. It only reads: no lock, no file created.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List what the throttle counts, with counts and expiry.",
                "Senders (each from its client address), client addresses and SMTP sessions, each with",
                "its rejections within the window and when they expire (the last rejection plus the",
                "window). A session is live while its qmail-smtpd process runs. Only reads the state."})
final class ThrottleListCommand implements Callable<Integer> {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions options;

    @Option(names = "--json", description = "One JSON object instead of the table.")
    boolean json;

    /** One line of the listing. */
    record Row(byte kind, String key, int count, long expires, boolean flagged) {
    }

    @Override
    public Integer call() throws Exception {
        ThrottleConfig config = options.config();
        StateDirectory directory = options.directory(config);
        ThrottleLimits limits = config.limits();
        PrintWriter out = spec.commandLine().getOut();
        long now = System.currentTimeMillis() / 1000;
        List<Row> rows = new ArrayList<>();
        for (ThrottleTable.Entry e : LockedState.read(directory, spec.commandLine().getErr()).entries()) {
            int count = e.count(now, limits.windowSeconds());
            if (count > 0) {
                rows.add(new Row(e.kind(), e.key(), count, e.lastSecond() + limits.windowSeconds(),
                        flagged(e, count, limits)));
            }
        }
        rows.sort(Comparator.comparingInt(Row::kind).thenComparing(Comparator.comparingInt(Row::count).reversed())
                .thenComparing(Row::key));
        if (json) {
            printJson(out, directory, limits, now, rows);
        } else {
            printTable(out, directory, limits, now, rows);
        }
        return Status.ACCEPT;
    }

    /** Senders and clients: at their limit. Sessions: live. */
    private static boolean flagged(ThrottleTable.Entry e, int count, ThrottleLimits limits) {
        switch (e.kind()) {
            case ThrottleTable.SENDER:
                return limits.senderLimit() > 0 && count >= limits.senderLimit();
            case ThrottleTable.CLIENT:
                return limits.clientLimit() > 0 && count >= limits.clientLimit();
            default:
                return live(e.key());
        }
    }

    private static boolean live(String sessionKey) {
        int colon = sessionKey.indexOf(':');
        try {
            return ParentProcess.startTime(Long.parseLong(sessionKey.substring(0, colon)))
                    == Long.parseLong(sessionKey.substring(colon + 1));
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    private static void printTable(PrintWriter out, StateDirectory directory, ThrottleLimits limits, long now,
            List<Row> rows) {
        out.println("state directory: " + directory.path() + ", window " + limits.windowSeconds() + " s");
        section(out, rows, ThrottleTable.SENDER, "senders, counted rejections (throttled at "
                + limit(limits.senderLimit()) + ")", "throttled", now);
        section(out, rows, ThrottleTable.CLIENT, "client addresses, invalid recipients (limit "
                + limit(limits.clientLimit()) + ")", "at limit", now);
        section(out, rows, ThrottleTable.SESSION, "sessions, invalid recipients (limit "
                + limit(limits.sessionLimit()) + ")", "live", now);
    }

    private static String limit(int limit) {
        return limit == 0 ? "off" : Integer.toString(limit);
    }

    private static void section(PrintWriter out, List<Row> rows, byte kind, String title, String flag, long now) {
        out.println(title + ":");
        int shown = 0;
        for (Row row : rows) {
            if (row.kind() == kind) {
                out.println(String.format("  %6d  %s (in %s)  %s%s", row.count(), when(row.expires()),
                        duration(row.expires() - now), name(row), row.flagged() ? "  " + flag : ""));
                shown++;
            }
        }
        if (shown == 0) {
            out.println("  none");
        }
    }

    private static String name(Row row) {
        if (row.kind() == ThrottleTable.SENDER) {
            String client = client(row.key());
            return readable(sender(row.key())) + (client == null ? "" : " from " + readable(client));
        }
        String text = readable(row.key());
        if (row.kind() != ThrottleTable.SESSION) {
            return text;
        }
        int colon = text.indexOf(':');
        return "pid " + text.substring(0, colon) + " (start " + text.substring(colon + 1) + ")";
    }

    /** The sender of a sender's key. */
    private static String sender(String key) {
        int separator = key.indexOf(ThrottleRules.CLIENT_SEPARATOR);
        return separator < 0 ? key : key.substring(0, separator);
    }

    /** The client address of a sender's key, or null when it was counted without one. */
    private static String client(String key) {
        int separator = key.indexOf(ThrottleRules.CLIENT_SEPARATOR);
        return separator < 0 ? null : key.substring(separator + 1);
    }

    private static String when(long epochSecond) {
        return WHEN.format(Instant.ofEpochSecond(epochSecond).atZone(ZoneId.systemDefault()));
    }

    private static String duration(long seconds) {
        if (seconds >= 3600) {
            return seconds / 3600 + "h" + (seconds % 3600 / 60) + "m";
        }
        return seconds >= 60 ? seconds / 60 + "m" + seconds % 60 + "s" : Math.max(seconds, 0) + "s";
    }

    /** A key as printable text: bytes of invalid UTF-8 and control bytes as \xHH, like the log. */
    private static String readable(String key) {
        return new String(LogText.escape(key), StandardCharsets.UTF_8);
    }

    private static void printJson(PrintWriter out, StateDirectory directory, ThrottleLimits limits, long now,
            List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("{\"state_dir\":").append(jsonString(directory.path().toString()))
                .append(",\"now\":").append(now)
                .append(",\"window\":").append(limits.windowSeconds())
                .append(",\"limits\":{\"sender\":").append(limits.senderLimit())
                .append(",\"client\":").append(limits.clientLimit())
                .append(",\"session\":").append(limits.sessionLimit()).append('}');
        jsonSection(b, rows, ThrottleTable.SENDER, "senders", "throttled");
        jsonSection(b, rows, ThrottleTable.CLIENT, "clients", "at_limit");
        jsonSection(b, rows, ThrottleTable.SESSION, "sessions", "live");
        out.println(b.append('}'));
    }

    private static void jsonSection(StringBuilder b, List<Row> rows, byte kind, String name, String flag) {
        b.append(",\"").append(name).append("\":[");
        boolean first = true;
        for (Row row : rows) {
            if (row.kind() != kind) {
                continue;
            }
            b.append(first ? "{" : ",{");
            first = false;
            if (kind == ThrottleTable.SENDER) {
                String client = client(row.key());
                b.append("\"sender\":").append(jsonString(readable(sender(row.key())))).append(",\"client\":")
                        .append(client == null ? "null" : jsonString(readable(client)));
            } else if (kind == ThrottleTable.CLIENT) {
                b.append("\"ip\":").append(jsonString(readable(row.key())));
            } else {
                int colon = row.key().indexOf(':');
                b.append("\"pid\":").append(row.key(), 0, colon).append(",\"start\":").append(row.key(), colon + 1,
                        row.key().length());
            }
            b.append(",\"count\":").append(row.count()).append(",\"expires\":").append(row.expires())
                    .append(",\"").append(flag).append("\":").append(row.flagged()).append('}');
        }
        b.append(']');
    }

    /** A JSON string in pure ASCII, so no locale can mangle it. */
    static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
