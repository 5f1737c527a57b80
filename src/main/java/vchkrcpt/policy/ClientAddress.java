package vchkrcpt.policy;

/**
 * The throttle's name for an SMTP client: its IPv4 address, or the /64 of its IPv6 address (one
 * IPv6 host is given a whole /64 and can change its address within it at will). An IPv4 address
 * in IPv6 form ({@code ::ffff:192.0.2.1}, as some tcpservers put it) is the IPv4 address.
 */
public final class ClientAddress {
    /** Longer than any address in text form: then it is not one. */
    private static final int MAX_TEXT = 64;

    private ClientAddress() {
    }

    /** @return the key, "" for no address; text that is not an address is kept as it is, up to 64 bytes */
    public static String key(String tcpRemoteIp) {
        if (tcpRemoteIp.length() > MAX_TEXT) {
            return "";
        }
        if (tcpRemoteIp.indexOf(':') < 0) {
            return tcpRemoteIp;
        }
        int[] groups = ipv6(tcpRemoteIp);
        if (groups == null) {
            return Addresses.lowerAscii(tcpRemoteIp);
        }
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0
                && groups[5] == 0xffff) {
            return (groups[6] >> 8) + "." + (groups[6] & 0xff) + "." + (groups[7] >> 8) + "." + (groups[7] & 0xff);
        }
        return Integer.toHexString(groups[0]) + ":" + Integer.toHexString(groups[1]) + ":"
                + Integer.toHexString(groups[2]) + ":" + Integer.toHexString(groups[3]) + "::/64";
    }

    /** The eight 16-bit groups of an IPv6 address in text form (RFC 4291 2.2), or null. */
    static int[] ipv6(String text) {
        int zone = text.indexOf('%');
        String address = zone < 0 ? text : text.substring(0, zone);
        int gap = address.indexOf("::");
        if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = gap < 0 ? groups(address) : groups(address.substring(0, gap));
        int[] tail = gap < 0 ? new int[0] : groups(address.substring(gap + 2));
        if (head == null || tail == null || head.length + tail.length > (gap < 0 ? 8 : 7)
                || (gap < 0 && head.length != 8)) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
        return all;
    }

    /** Colon-separated groups, the last of which may be a dotted IPv4 address (two groups); null if malformed. */
    private static int[] groups(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(":", -1);
        boolean dotted = parts[parts.length - 1].indexOf('.') >= 0;
        int[] out = new int[parts.length + (dotted ? 1 : 0)];
        for (int i = 0; i < parts.length; i++) {
            if (dotted && i == parts.length - 1) {
                long v4 = ipv4(parts[i]);
                if (v4 < 0) {
                    return null;
                }
                out[i] = (int) (v4 >> 16);
                out[i + 1] = (int) (v4 & 0xffff);
            } else {
                out[i] = hex(parts[i]);
                if (out[i] < 0) {
                    return null;
                }
            }
        }
        return out;
    }

    private static int hex(String group) {
        if (group.isEmpty() || group.length() > 4) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < group.length(); i++) {
            char c = group.charAt(i);
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private static long ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3) {
                return -1;
            }
            int octet = 0;
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                octet = octet * 10 + (c - '0');
            }
            if (octet > 255) {
                return -1;
            }
            value = value << 8 | octet;
        }
        return value;
    }
}
