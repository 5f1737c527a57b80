package vchkrcpt.log;

/** VCHKRCPT_LOG=both. */
public final class BothLogs implements DecisionLog {
    private final DecisionLog first;
    private final DecisionLog second;

    public BothLogs(DecisionLog first, DecisionLog second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void write(byte[] line) {
        first.write(line);
        second.write(line);
    }
}
