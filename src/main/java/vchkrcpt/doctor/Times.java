package vchkrcpt.doctor;

import java.nio.file.attribute.FileTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Modification times as the findings print them: local time to the second. */
final class Times {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Times() {
    }

    static String of(FileTime time) {
        return FORMAT.format(time.toInstant().atZone(ZoneId.systemDefault()));
    }
}
