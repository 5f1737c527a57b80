package vchkrcpt.scan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import vchkrcpt.policy.Addresses;

/**
 * Sorts every domain qmail-smtpd receives (rcpthosts and morercpthosts, and the domains other
 * files name under a {@code .SUFFIX} entry of them) by what qmail does with its mail, in qmail's
 * order: control/locals first (qmail-send), then control/virtualdomains (a prepend that
 * users/assign sends into a vpopmail domain directory makes a vpopmail domain, any other one a
 * virtual domain of qmail's own users, an empty one none), then control/smtproutes
 * (qmail-remote relays it), then the {@code --include} files. What is left is unchecked.
 */
final class ReceivedDomains {
    /** vpopmail domain directories with the names that really reach them. */
    final List<VpopmailDomain> vpopmail = new ArrayList<>();
    final Set<String> local = new TreeSet<>();
    /** Virtual domains of qmail's own users: domain to prepend. */
    final Map<String, String> virtual = new TreeMap<>();
    final Set<String> routed = new TreeSet<>();
    final Set<String> included = new TreeSet<>();
    final Set<String> unchecked = new TreeSet<>();
    /** {@code .SUFFIX} rcpthosts entries: their other subdomains cannot get keys. */
    final Set<String> wildcards = new TreeSet<>();

    static ReceivedDomains sort(QmailControl control, VpopmailDomains.Found found, LocalDelivery delivery,
            Set<String> includedDomains, List<String> warnings) throws IOException {
        ReceivedDomains sorted = new ReceivedDomains();
        Map<String, String> vpopmailDir = new TreeMap<>();
        for (VpopmailDomain domain : found.domains()) {
            for (String name : domain.names()) {
                vpopmailDir.put(name, domain.dir());
            }
        }

        Set<String> received = new TreeSet<>();
        Set<String> named = new TreeSet<>(control.locals);
        named.addAll(vpopmailDir.keySet());
        named.addAll(includedDomains);
        for (String key : control.virtualdomains.keys()) {
            named.add(key);
        }
        named.addAll(control.smtproutes.keys());
        for (String host : control.rcpthosts) {
            if (host.startsWith(".")) {
                sorted.wildcards.add(host);
            } else {
                received.add(host);
            }
        }
        for (String name : named) {
            if (!name.isEmpty() && !name.startsWith(".") && name.indexOf('@') < 0 && control.receives(name)) {
                received.add(name);
            }
        }

        // The directory each name really reaches; vpopmail names qmail sends elsewhere drop out.
        Map<String, List<String>> namesByDir = new LinkedHashMap<>();
        for (VpopmailDomain domain : found.domains()) {
            namesByDir.put(domain.dir(), new ArrayList<>());
        }
        Set<String> candidates = new TreeSet<>(received);
        candidates.addAll(vpopmailDir.keySet());
        for (String domain : candidates) {
            boolean isReceived = received.contains(domain);
            if (isReceived && control.smtproutes.exact(domain) != null
                    && (control.locals.contains(domain) || delivered(control.virtualdomains.forDomain(domain)))) {
                warnings.add(domain + " is in control/smtproutes and delivered here (" + control.localsFile
                        + " or virtualdomains): qmail-send delivers it, qmail-remote never routes it");
            }
            if (control.locals.contains(domain)) {
                if (vpopmailDir.containsKey(domain) || control.virtualdomains.exact(domain) != null) {
                    warnings.add(domain + " is in " + control.localsFile + " and in virtualdomains or users/assign:"
                            + " qmail-send delivers it as a local domain (locals first)");
                }
                if (isReceived) {
                    sorted.local.add(domain);
                }
                continue;
            }
            ControlMap.Entry virtual = control.virtualdomains.forDomain(domain);
            if (delivered(virtual)) {
                String prepend = Addresses.lowerAscii(virtual.value());
                String dir = vpopmailDirOf(delivery, found, prepend);
                if (dir != null) {
                    namesByDir.get(dir).add(domain);
                } else if (isReceived) {
                    sorted.virtual.put(domain, prepend);
                }
                if (vpopmailDir.containsKey(domain) && !vpopmailDir.get(domain).equals(dir)) {
                    warnings.add(domain + " is a vpopmail domain in users/assign, but control/virtualdomains sends its mail"
                            + " to " + prepend + "-: scanned as qmail does");
                }
                continue;
            }
            if (virtual == null && vpopmailDir.containsKey(domain)) {
                // vadddomain writes both; qmail-send alone would treat it as remote.
                if (isReceived) {
                    warnings.add(domain + " is a vpopmail domain in users/assign but not in control/virtualdomains:"
                            + " qmail-send does not hand its mail to vpopmail; scanned as a vpopmail domain");
                }
                namesByDir.get(vpopmailDir.get(domain)).add(domain);
                continue;
            }
            if (!isReceived) {
                continue;
            }
            if (control.smtproutes.forDomain(domain) != null) {
                sorted.routed.add(domain);
            } else if (includedDomains.contains(domain)) {
                sorted.included.add(domain);
            } else {
                sorted.unchecked.add(domain);
            }
        }
        for (VpopmailDomain domain : found.domains()) {
            List<String> names = namesByDir.get(domain.dir());
            if (!names.isEmpty()) {
                // The real domain first, as users/assign says.
                List<String> ordered = new ArrayList<>();
                for (String name : domain.names()) {
                    if (names.remove(name)) {
                        ordered.add(name);
                    }
                }
                ordered.addAll(names);
                sorted.vpopmail.add(new VpopmailDomain(ordered, domain.dir(), domain.uid()));
            }
        }
        return sorted;
    }

    /** Whether a virtualdomains line delivers here: one with a prepend (an empty one is qmail's exception). */
    private static boolean delivered(ControlMap.Entry virtual) {
        return virtual != null && !virtual.value().isEmpty();
    }

    /** The vpopmail domain directory users/assign sends {@code PREPEND-anything} to, or {@code null}. */
    private static String vpopmailDirOf(LocalDelivery delivery, VpopmailDomains.Found found, String prepend)
            throws IOException {
        AssignLine line = delivery.locate(prepend + "-\u0001").assign();
        return line != null && !line.exact() && found.isDomainDir(line.home()) ? line.home() : null;
    }
}
