package vchkrcpt.scan;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code VPOPMAIL/include/vpopmail_config.h}, the config.h of the vpopmail build that vpopmail
 * installs: configure defines a name (to 1) for each option that is on, and nothing for one
 * that is off.
 */
final class VpopmailConfig {
    static final String FILE = "include/vpopmail_config.h";

    private final Map<String, String> defines;

    private VpopmailConfig(Map<String, String> defines) {
        this.defines = defines;
    }

    static VpopmailConfig parse(String text) {
        Map<String, String> defines = new HashMap<>();
        for (String line : TextLines.split(text)) {
            String[] words = line.trim().split("[ \t]+", 3);
            if (words.length >= 2 && words[0].equals("#define")) {
                defines.put(words[1], words.length == 3 ? words[2].trim() : "");
            }
        }
        return new VpopmailConfig(defines);
    }

    private boolean on(String name) {
        String value = defines.get(name);
        return value != null && !value.equals("0");
    }

    /** The auth module vpopmail was built with, or {@code null} when the file names none. */
    Backend backend() {
        if (on("USE_MYSQL")) {
            return Backend.MYSQL;
        }
        if (on("USE_CDB")) {
            return Backend.VPASSWD;
        }
        for (String other : new String[] {"USE_POSTGRES", "USE_LDAP", "USE_SQLITE", "USE_ORACLE", "USE_SYBASE"}) {
            if (on(other)) {
                return Backend.VUSERINFO;
            }
        }
        return null;
    }

    /** {@code --enable-qmail-ext}: vdelivermail delivers user-ext@domain to user. */
    boolean qmailExt() {
        return on("QMAIL_EXT");
    }

    /** {@code --enable-valias}: vdelivermail reads the aliases in the database's valias table. */
    boolean valias() {
        return on("VALIAS");
    }

    /** MySQL: one table for all domains (the default), not one per domain ({@code --disable-many-domains}). */
    boolean manyDomains() {
        return on("MANY_DOMAINS");
    }
}
