package vchkrcpt.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import vchkrcpt.cdb.CdbWriter;
import vchkrcpt.state.CorruptState;
import vchkrcpt.state.ThrottleCodec;
import vchkrcpt.state.ThrottleStore;
import vchkrcpt.state.ThrottleTable;
import vchkrcpt.testing.OwnerOnly;

/**
 * A validrcptto.cdb and a state directory for the process tests. The domain x.example bounces
 * unknown recipients (counted), gone.example deletes them (not counted against the sender).
 */
final class ThrottleFixture {
    final Path dir;
    final Path cdb;
    final Path state;

    ThrottleFixture(Path dir) throws IOException {
        this.dir = dir;
        this.cdb = dir.resolve("validrcptto.cdb");
        this.state = OwnerOnly.directory(dir.resolve("state"));
        try (CdbWriter writer = new CdbWriter(cdb)) {
            add(writer, "valid@x.example", "1");
            add(writer, "postmaster@x.example", "1");
            add(writer, "@x.example", "-bounce-no-mailbox");
            add(writer, "valid@gone.example", "1");
            add(writer, "@gone.example", "-delete");
            writer.commit();
        }
    }

    private static void add(CdbWriter writer, String key, String value) throws IOException {
        writer.add(key.getBytes(StandardCharsets.ISO_8859_1), value.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The helper's environment: decisions on stderr, this cdb and state, no allow-list. */
    Map<String, String> env(String sender, String recipient) {
        Map<String, String> env = new HashMap<>();
        env.put("VALIDRCPTTO_CDB", cdb.toString());
        env.put("VCHKRCPT_ALLOW", dir.resolve("no-allow-list").toString());
        env.put("VCHKRCPT_LOG", "stderr");
        env.put("VCHKRCPT_STATE_DIR", state.toString());
        env.put("SENDER", sender);
        env.put("RECIPIENT", recipient);
        return env;
    }

    Path stateFile() {
        return state.resolve(ThrottleStore.STATE);
    }

    /** Everything recorded; a missing or corrupt file fails the test. */
    ThrottleTable table() throws IOException, CorruptState {
        return ThrottleCodec.decode(Files.readAllBytes(stateFile()));
    }

    /** The rejections of one key that count now, with the default window. */
    int count(byte kind, String key) throws IOException, CorruptState {
        byte[] file = Files.readAllBytes(stateFile());
        ThrottleCodec.check(file);
        return ThrottleCodec.count(file, kind, key, System.currentTimeMillis() / 1000, 3600);
    }

    static String decision(String sender, String recipient, String reason) {
        return "vchkrcpt: mail from <" + sender + "> to <" + recipient + "> : " + reason + "\n";
    }
}
