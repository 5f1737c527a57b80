package vchkrcpt.serve;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.LinkedHashSet;
import java.util.Set;

import vchkrcpt.policy.Unverifiable;

/** VCHKRCPT_CLIENTS: the users whose connections get answers, by name (or uid). */
public final class Clients {
    /** The user qmail-smtpd runs as, and root (the admin trying it by hand). */
    public static final String DEFAULT = "qmaild,root";

    private Clients() {
    }

    /** @param names user names separated by commas or blanks */
    public static Set<UserPrincipal> parse(String names) throws Unverifiable {
        UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
        Set<UserPrincipal> clients = new LinkedHashSet<>();
        for (String name : names.split("[,\\s]+")) {
            if (name.isEmpty()) {
                continue;
            }
            try {
                clients.add(users.lookupPrincipalByName(name));
            } catch (UserPrincipalNotFoundException e) {
                throw new Unverifiable("VCHKRCPT_CLIENTS names " + name + ", which is not a user");
            } catch (IOException e) {
                throw new Unverifiable("unable to look up the user " + name + " of VCHKRCPT_CLIENTS: " + e.getMessage());
            }
        }
        if (clients.isEmpty()) {
            throw new Unverifiable("VCHKRCPT_CLIENTS names no user");
        }
        return clients;
    }
}
