package vchkrcpt.log;

/** Where decision lines go. */
public interface DecisionLog {
    void write(byte[] line);
}
