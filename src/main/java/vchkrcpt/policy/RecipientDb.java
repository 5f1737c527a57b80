package vchkrcpt.policy;

/** The validrcptto.cdb key space: lowercased addresses, {@code -default} keys and {@code @domain}s. */
public interface RecipientDb {
    /** @return the value of the first record with this key, or {@code null} when there is none */
    String find(String key) throws Unverifiable;
}
