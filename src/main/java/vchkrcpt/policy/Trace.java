package vchkrcpt.policy;

/** Receives every step of a decision, for {@code vchkrcpt check --trace}. */
public interface Trace {
    /** Checks build step texts only when this is true: the helper pays for no tracing. */
    boolean enabled();

    void step(String text);

    Trace NONE = new Trace() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void step(String text) {
        }
    };
}
