package vchkrcpt.log;

/** RFC 3164's "Mmm dd hh:mm:ss", computed directly: java.time would cost start-up on every call. */
public final class SyslogTimestamp {
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private SyslogTimestamp() {
    }

    /** @param localMillis milliseconds since the epoch plus the zone's offset at that instant */
    public static String format(long localMillis) {
        long seconds = Math.floorDiv(localMillis, 1000L);
        long days = Math.floorDiv(seconds, 86400L);
        int secondOfDay = (int) (seconds - days * 86400L);
        // Howard Hinnant's civil_from_days.
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long dayOfEra = z - era * 146097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);

        char[] out = new char[15];
        MONTHS.getChars((month - 1) * 3, month * 3, out, 0);
        out[3] = ' ';
        out[4] = day < 10 ? ' ' : (char) ('0' + day / 10);
        out[5] = (char) ('0' + day % 10);
        out[6] = ' ';
        two(out, 7, secondOfDay / 3600);
        out[9] = ':';
        two(out, 10, secondOfDay / 60 % 60);
        out[12] = ':';
        two(out, 13, secondOfDay % 60);
        return new String(out);
    }

    private static void two(char[] out, int at, int value) {
        out[at] = (char) ('0' + value / 10);
        out[at + 1] = (char) ('0' + value % 10);
    }
}
