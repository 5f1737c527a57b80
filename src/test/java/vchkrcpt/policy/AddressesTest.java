package vchkrcpt.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class AddressesTest {
    @Test
    void lowercasesAsciiLettersOnly() {
        StringBuilder all = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (char c = 0; c < 256; c++) {
            all.append(c);
            expected.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        assertEquals(expected.toString(), Addresses.lowerAscii(all.toString()));
    }

    @Test
    void returnsTheSameStringWhenNothingChanges() {
        String lower = "joe@example.com";
        assertSame(lower, Addresses.lowerAscii(lower));
    }

    @Test
    void theDomainFollowsTheLastAt() {
        assertEquals("c", Addresses.domainOf("a@b@c"));
        assertEquals("", Addresses.domainOf("joe@"));
        assertNull(Addresses.domainOf("joe"));
    }
}
