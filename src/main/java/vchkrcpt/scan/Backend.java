package vchkrcpt.scan;

/** How the scan reads vpopmail's accounts; {@code --backend} names them. */
public enum Backend {
    /** vpasswd files (vpopmail's default cdb backend). */
    VPASSWD("vpasswd"),
    /** The MySQL tables, with vpopmail's own credentials. */
    MYSQL("mysql"),
    /** vpopmail's vuserinfo and valias (PostgreSQL, LDAP and the other backends). */
    VUSERINFO("vuserinfo");

    private final String word;

    Backend(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** @return the backend named {@code word}, or {@code null} */
    public static Backend named(String word) {
        for (Backend backend : values()) {
            if (backend.word.equals(word)) {
                return backend;
            }
        }
        return null;
    }
}
