package vchkrcpt.policy;

import java.util.HashMap;
import java.util.Map;

/** The throttle state in memory, without a window: what the policy tests need. */
public final class MemoryThrottleState implements ThrottleState {
    public final Map<String, Integer> senders = new HashMap<>();
    public final Map<String, Integer> clients = new HashMap<>();
    public int session;
    int records;

    @Override
    public int senderRejections(String sender) {
        return senders.getOrDefault(sender, 0);
    }

    @Override
    public int clientRejections(String clientIp) {
        return clients.getOrDefault(clientIp, 0);
    }

    @Override
    public int sessionRejections() {
        return session;
    }

    @Override
    public void record(String sender, String clientIp, boolean inSession) {
        records++;
        if (sender != null) {
            senders.merge(sender, 1, Integer::sum);
        }
        if (clientIp != null) {
            clients.merge(clientIp, 1, Integer::sum);
        }
        if (inSession) {
            session++;
        }
    }
}
