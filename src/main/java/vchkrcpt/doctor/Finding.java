package vchkrcpt.doctor;

/** One line of doctor's report: how it stands, what was checked, and what to do about it. */
public record Finding(Level level, String topic, String text) {

    /** {@code FAIL}: the service does not work as configured; {@code warning}: it works, worse than it could. */
    public enum Level {
        OK("ok"), WARNING("warning"), FAIL("FAIL");

        private final String word;

        Level(String word) {
            this.word = word;
        }
    }

    /** {@code LEVEL    topic: text}, the level padded so that the topics line up. */
    public String line() {
        return String.format("%-8s %s: %s", level.word, topic, text);
    }
}
