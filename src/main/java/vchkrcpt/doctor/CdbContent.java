package vchkrcpt.doctor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import vchkrcpt.cdb.CdbFormatException;
import vchkrcpt.cdb.CdbReader;
import vchkrcpt.cdb.CdbSequentialReader;
import vchkrcpt.policy.RecipientDb;

/**
 * validrcptto.cdb read whole: every record in file order, and each key found again through the
 * hash tables, as the helper finds it. Keys and values are byte strings (one char per byte).
 */
final class CdbContent implements RecipientDb {
    private final Map<String, String> keys;
    private final Set<String> domains = new HashSet<>();

    private CdbContent(Map<String, String> keys) {
        this.keys = keys;
        for (String key : keys.keySet()) {
            domains.add(key.substring(key.lastIndexOf('@') + 1));
        }
    }

    static CdbContent read(Path file) throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        try (CdbSequentialReader records = CdbSequentialReader.open(file); CdbReader tables = CdbReader.open(file.toFile())) {
            ByteArrayOutputStream key = new ByteArrayOutputStream();
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            while (records.next()) {
                key.reset();
                data.reset();
                records.copyKey(key);
                records.copyData(data);
                String name = key.toString(StandardCharsets.ISO_8859_1);
                if (!keys.containsKey(name)) {
                    byte[] found = tables.find(key.toByteArray());
                    if (found == null || !Arrays.equals(found, data.toByteArray())) {
                        throw new CdbFormatException("the hash tables do not lead to the record of key " + name);
                    }
                    keys.put(name, data.toString(StandardCharsets.ISO_8859_1));
                }
            }
        }
        return new CdbContent(keys);
    }

    /** Every key with the data of its first record, in file order. */
    Map<String, String> keys() {
        return keys;
    }

    @Override
    public String find(String key) {
        return keys.get(key);
    }

    /** Whether any key is an address at {@code domain}, or {@code @domain} itself. */
    boolean covers(String domain) {
        return domains.contains(domain);
    }
}
