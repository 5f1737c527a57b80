package vchkrcpt.state;

/** A state file is not one we wrote whole: torn by a crash, truncated, or overwritten. */
public final class CorruptState extends Exception {
    private static final long serialVersionUID = 1L;

    private final int wholeLength;

    public CorruptState(String message) {
        this(message, 0);
    }

    /** @param wholeLength how many bytes from the start are good (journals: whole events before the bad one) */
    public CorruptState(String message, int wholeLength) {
        super(message, null, false, false);
        this.wholeLength = wholeLength;
    }

    public int wholeLength() {
        return wholeLength;
    }
}
