package vchkrcpt.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClientAddressTest {
    @Test
    void anIpv4AddressIsItself() {
        assertEquals("192.0.2.1", ClientAddress.key("192.0.2.1"));
        assertEquals("", ClientAddress.key(""));
    }

    @Test
    void anIpv6AddressIsItsSlash64() {
        assertEquals("2001:db8:1:2::/64", ClientAddress.key("2001:db8:1:2::1"));
        assertEquals("2001:db8:1:2::/64", ClientAddress.key("2001:0DB8:0001:0002:ffff:ffff:ffff:ffff"));
        assertEquals("2001:db8:0:0::/64", ClientAddress.key("2001:db8::1"));
        assertEquals("fe80:0:0:0::/64", ClientAddress.key("fe80::1%eth0"));
        assertEquals("0:0:0:0::/64", ClientAddress.key("::1"));
        assertEquals("0:0:0:0::/64", ClientAddress.key("::"));
        assertEquals("2001:db8:1:2::/64", ClientAddress.key("2001:db8:1:2:3:4:192.0.2.1"));
    }

    @Test
    void anIpv4MappedAddressIsTheIpv4Address() {
        assertEquals("192.0.2.1", ClientAddress.key("::ffff:192.0.2.1"));
        assertEquals("192.0.2.1", ClientAddress.key("::FFFF:c000:0201"));
    }

    @Test
    void whatIsNoAddressIsKeptAsItIsUpTo64Bytes() {
        for (String text : new String[] {"1:2:3", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "g::1", "::1.2.3",
                "::256.1.1.1", "1:2:3:4:5:6:7::8"}) {
            assertEquals(text, ClientAddress.key(text), text);
        }
        assertEquals("abc:x", ClientAddress.key("ABC:X"));
        assertEquals("", ClientAddress.key("1".repeat(65)));
    }
}
