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
}
