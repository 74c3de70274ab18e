package dev.gantry.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class TargetAddressesTest {
    @Test
    void metadataLinkLocalWildcardAndMulticastAddressesAreRefused() throws Exception {
        for (String refused : new String[] {
            "169.254.169.254",
            "169.254.0.1",
            "fe80::1",
            "0.0.0.0",
            "::",
            "224.0.0.1",
            "fd00:ec2::254",
            "100.100.100.200"
        }) {
            assertThat(TargetAddresses.refused(InetAddress.getByName(refused)))
                    .as(refused)
                    .isTrue();
        }
    }

    @Test
    void loopbackPrivateAndPublicAddressesAreAllowed() throws Exception {
        for (String allowed :
                new String[] {"127.0.0.1", "::1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "fd12::1", "8.8.8.8"}) {
            assertThat(TargetAddresses.refused(InetAddress.getByName(allowed)))
                    .as(allowed)
                    .isFalse();
        }
    }

    @Test
    void hostsAsWrittenAreCheckedWithoutLookingThemUp() {
        assertThat(TargetAddresses.refusal("169.254.169.254")).contains("link-local");
        assertThat(TargetAddresses.refusal("[fe80::1]")).contains("link-local");
        assertThat(TargetAddresses.refusal("[fd00:ec2::254]")).contains("metadata");
        assertThat(TargetAddresses.refusal("Metadata.Google.Internal.")).contains("metadata");
        assertThat(TargetAddresses.refusal("0.0.0.0")).contains("wildcard");
        assertThat(TargetAddresses.refusal("127.0.0.1")).isNull();
        assertThat(TargetAddresses.refusal("10.0.0.8")).isNull();
        assertThat(TargetAddresses.refusal("api.example.com")).isNull();
        assertThat(TargetAddresses.refusal("")).isNull();
    }

    @Test
    void ipv6FormsThatCarryARefusedIpv4AddressAreRefused() throws Exception {
        for (String refused : new String[] {
            "::ffff:169.254.169.254", // IPv4-mapped
            "::ffff:a9fe:a9fe",
            "::169.254.169.254", // IPv4-compatible
            "::a9fe:a9fe",
            "64:ff9b::169.254.169.254", // NAT64, well-known prefix
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1:a9fe:a9:fe00::", // NAT64, local-use /48
            "2002:a9fe:a9fe::1", // 6to4
            "2001:0:4136:e378:8000:63bf:5601:5601", // Teredo, client 169.254.169.254 inverted
            "::ffff:100.100.100.200", // a metadata address
            "64:ff9b::0.0.0.0"
        }) {
            assertThat(TargetAddresses.refused(InetAddress.getByName(refused)))
                    .as(refused)
                    .isTrue();
            assertThat(TargetAddresses.refusal("[" + refused + "]")).as(refused).isNotNull();
        }
        // the same translations of allowed addresses stay allowed, and so does loopback
        for (String allowed : new String[] {"::1", "::ffff:127.0.0.1", "64:ff9b::10.0.0.1", "2002:0a00:0001::1"}) {
            assertThat(TargetAddresses.refused(InetAddress.getByName(allowed)))
                    .as(allowed)
                    .isFalse();
        }
        assertThat(TargetAddresses.refusal("[2002:a9fe:a9fe::1]")).contains("stands for 169.254.169.254");
    }

    @Test
    void scopedLinkLocalAddressesAreRefusedWhateverTheirZone() {
        assertThat(TargetAddresses.refusal("[fe80::1%eth0]")).contains("link-local");
        assertThat(TargetAddresses.refusal("[fe80::1%25eth0]")).contains("link-local");
        assertThat(TargetAddresses.refusal("fe80::a9fe:a9fe%no-such-interface")).contains("link-local");
    }

    @Test
    void numericHostFormsThatResolversAcceptAreReadAsTheAddressTheyMean() {
        for (String refused : new String[] {
            "2852039166", // decimal
            "0xa9fea9fe", // hex
            "0xA9.0xFE.0xA9.0xFE",
            "0251.0376.0251.0376", // octal
            "0251.254.43518", // octal, then the last part fills two bytes
            "169.254.43518",
            "169.16689662",
            "0xa9fea9fe." // a trailing dot is the same host
        }) {
            assertThat(TargetAddresses.refusal(refused))
                    .as(refused)
                    .contains("is 169.254.169.254")
                    .contains("link-local");
        }
        assertThat(TargetAddresses.refusal("1684301000")).contains("100.100.100.200 is a cloud metadata address");
        assertThat(TargetAddresses.refusal("1684300999")).isNull();
    }

    @Test
    void namesAndAllowedNumericFormsAreNotMistakenForRefusedAddresses() {
        for (String allowed : new String[] {
            "2130706433", // 127.0.0.1
            "0x7f000001",
            "10.1", // 10.0.0.1
            "dead.beef",
            "cafe",
            "1.2.3.4.5",
            "4294967296", // past 32 bits: not an address
            "999.1.1.1",
            "api.example.com",
            "example.internal"
        }) {
            assertThat(TargetAddresses.refusal(allowed)).as(allowed).isNull();
        }
    }
}
