package vchkrcpt.state;

/** The state file is not one we wrote whole: torn by a power loss, truncated, or overwritten. */
public final class CorruptState extends Exception {
    private static final long serialVersionUID = 1L;

    public CorruptState(String message) {
        super(message, null, false, false);
    }
}
