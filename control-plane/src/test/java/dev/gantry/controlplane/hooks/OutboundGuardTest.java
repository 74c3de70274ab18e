package dev.gantry.controlplane.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class OutboundGuardTest {
    private final OutboundGuard strict = new OutboundGuard(false);

    @Test
    void onlyHttpAndHttpsUrlsWithAHostAndNoCredentials() {
        assertThat(strict.checkForm("https://ci.example.com/hook")).isNull();
        assertThat(strict.checkForm("http://ci.example.com:8080/hook")).isNull();
        assertThat(strict.checkForm("file:///etc/passwd")).contains("http");
        assertThat(strict.checkForm("gopher://x/")).contains("http");
        assertThat(strict.checkForm("https://user:pw@ci.example.com/")).contains("credentials");
        assertThat(strict.checkForm("not a url")).isNotNull();
    }

    @Test
    void privateLoopbackLinkLocalAndUniqueLocalAddressesAreRefusedUnlessAllowed() {
        for (String url : new String[] {
            "http://127.0.0.1/", "http://10.1.2.3/", "http://192.168.0.1/", "http://172.16.5.4/",
            "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://[fd00::1]/", "http://0.0.0.0/"
        }) {
            assertThat(strict.checkAddress(URI.create(url))).as(url).contains("private or local");
        }
        assertThat(strict.checkAddress(URI.create("http://93.184.215.14/"))).isNull();
        assertThat(new OutboundGuard(true).checkAddress(URI.create("http://127.0.0.1/")))
                .isNull();
    }
}
