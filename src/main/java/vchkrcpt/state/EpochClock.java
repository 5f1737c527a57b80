package vchkrcpt.state;

/** Seconds since the epoch; tests pass their own. */
public interface EpochClock {
    long seconds();

    EpochClock SYSTEM = new EpochClock() {
        @Override
        public long seconds() {
            return System.currentTimeMillis() / 1000;
        }
    };
}
