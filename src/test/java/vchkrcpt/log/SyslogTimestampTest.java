package vchkrcpt.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hand-made calendar against java.time, which the helper avoids for its start-up cost. */
class SyslogTimestampTest {
    private static final DateTimeFormatter RFC3164 = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private static String reference(long millis) {
        return RFC3164.format(Instant.ofEpochMilli(millis));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "1970-01-01T00:00:00, Jan  1 00:00:00",
        "1969-12-31T23:59:59, Dec 31 23:59:59",
        "2000-02-29T12:34:56, Feb 29 12:34:56",
        "2024-02-29T23:59:59, Feb 29 23:59:59",
        "2100-02-28T23:59:59, Feb 28 23:59:59",
        "2100-03-01T00:00:00, Mar  1 00:00:00",
        "2038-01-19T03:14:08, Jan 19 03:14:08",
        "1900-03-01T09:05:07, Mar  1 09:05:07",
        "2025-11-09T07:08:09, Nov  9 07:08:09",
        "2025-12-10T10:00:00, Dec 10 10:00:00",
    })
    void knownDates(String when, String expected) {
        long millis = LocalDateTime.parse(when).toInstant(ZoneOffset.UTC).toEpochMilli();
        assertEquals(expected, SyslogTimestamp.format(millis));
        assertEquals(expected, SyslogTimestamp.format(millis + 999), "milliseconds are cut, not rounded");
    }

    @Test
    void theLastMillisecondBeforeTheEpochIsStillTheOldDay() {
        assertEquals("Dec 31 23:59:59", SyslogTimestamp.format(-1));
    }

    @Test
    void agreesWithJavaTimeOnEveryDayOf1968To2108AndManyRandomInstants() {
        long day = 86_400_000L;
        long from = LocalDateTime.parse("1968-01-01T00:00:00").toInstant(ZoneOffset.UTC).toEpochMilli();
        long to = LocalDateTime.parse("2108-12-31T00:00:00").toInstant(ZoneOffset.UTC).toEpochMilli();
        for (long t = from; t <= to; t += day) {
            assertEquals(reference(t), SyslogTimestamp.format(t));
            assertEquals(reference(t - 1), SyslogTimestamp.format(t - 1));
        }
        Random random = new Random(5);
        long span = LocalDateTime.parse("2400-01-01T00:00:00").toInstant(ZoneOffset.UTC).toEpochMilli();
        for (int i = 0; i < 200_000; i++) {
            long t = Math.floorMod(random.nextLong(), 2 * span) - span;
            assertEquals(reference(t), SyslogTimestamp.format(t), () -> Instant.ofEpochMilli(t).toString());
        }
    }
}
