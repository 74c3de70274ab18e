package dev.gantry.controlplane.hooks;

import dev.gantry.controlplane.common.OutboundAddresses;
import java.net.URI;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where the control plane may send callbacks: http(s) only, and unless
 * {@code gantry.hooks.allow-private-callbacks} is set, never to loopback, private (RFC 1918,
 * unique-local), link-local (cloud metadata at 169.254.169.254), multicast or wildcard
 * addresses, so a webhook cannot make the control plane probe its own network. Checked when the
 * delivery arrives (the URL's form) and again before each send (the addresses the name resolves
 * to then).
 */
@Component
class OutboundGuard {
    private final boolean allowPrivate;

    @Autowired
    OutboundGuard(HooksProperties properties) {
        this(properties.allowPrivateCallbacks());
    }

    OutboundGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Null when the URL is acceptable in form, otherwise why not. */
    String checkForm(String url) {
        return OutboundAddresses.checkForm(url);
    }

    /** Null when every address the host resolves to may be called, otherwise why not. */
    String checkAddress(URI uri) {
        return allowPrivate ? null : OutboundAddresses.checkAddress(uri, false);
    }
}
