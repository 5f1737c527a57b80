package vchkrcpt.policy;

/** A check could not decide because our own machinery failed: the answer is a temporary failure. */
public final class Unverifiable extends Exception {
    private static final long serialVersionUID = 1L;

    public Unverifiable(String message) {
        super(message, null, false, false);
    }
}
