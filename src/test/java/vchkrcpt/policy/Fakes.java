package vchkrcpt.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** In-memory stand-ins for the cdb and the allow-list file that record what was asked. */
final class Fakes {
    private Fakes() {
    }

    static final class Db implements RecipientDb {
        final Map<String, String> keys;
        final List<String> tried = new ArrayList<>();

        Db(Map<String, String> keys) {
            this.keys = keys;
        }

        @Override
        public String find(String key) {
            tried.add(key);
            return keys.get(key);
        }
    }

    static final class AllowList implements SenderAllowList {
        final Set<String> entries;
        final List<String> asked = new ArrayList<>();

        AllowList(Set<String> entries) {
            this.entries = entries;
        }

        @Override
        public boolean contains(String entry) {
            asked.add(entry);
            return entries.contains(entry);
        }
    }

    /** The machinery is broken: any question is answered with Unverifiable. */
    static final class Broken implements RecipientDb, SenderAllowList {
        @Override
        public String find(String key) throws Unverifiable {
            throw new Unverifiable("unable to read validrcptto.cdb: broken");
        }

        @Override
        public boolean contains(String entry) throws Unverifiable {
            throw new Unverifiable("unable to read vchkrcpt-allow: broken");
        }
    }

    /** Collects trace steps. */
    static final class Steps implements Trace {
        final List<String> steps = new ArrayList<>();

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public void step(String text) {
            steps.add(text);
        }
    }

    static Envelope to(String recipient) {
        return new Envelope("", recipient, "");
    }

    static Envelope from(String sender, String recipient) {
        return new Envelope(sender, recipient, "");
    }
}
