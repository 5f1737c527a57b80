package vchkrcpt.scan;

/**
 * One line of users/assign as qmail-lspawn uses it: {@code =LOCAL:USER:UID:GID:HOME:DASH:EXT:}
 * takes exactly the local part LOCAL, {@code +PREFIX:USER:UID:GID:HOME:DASH:PRE:} every local part
 * starting with PREFIX (the longest prefix wins), and qmail-local then looks for
 * {@code HOME/.qmail DASH EXT} (for {@code +} lines PRE followed by the rest of the local part).
 * {@code local} is lowercased as qmail-newu stores it.
 */
record AssignLine(boolean exact, String local, String home, String dash, String ext) {
}
