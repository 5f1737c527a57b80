package vchkrcpt.scan;

/**
 * The address part a {@code .qmail-EXT} file in a domain directory answers for. qmail-local
 * lowercases the extension and turns its dots into colons before it looks for the file, so a
 * file name with upper-case letters or dots is never opened and answers for nothing.
 */
public final class DotQmailName {
    static final String PREFIX = ".qmail-";
    static final String CATCH_ALL = ".qmail-default";

    private DotQmailName() {
    }

    /** @return the local part ({@code :} back to {@code .}), or {@code null} when qmail-local never opens this file */
    public static String localPart(String fileName) {
        if (!fileName.startsWith(PREFIX) || fileName.length() == PREFIX.length()) {
            return null;
        }
        String ext = fileName.substring(PREFIX.length());
        for (int i = 0; i < ext.length(); i++) {
            char c = ext.charAt(i);
            if (c == '.' || (c >= 'A' && c <= 'Z')) {
                return null;
            }
        }
        return ext.replace(':', '.');
    }
}
