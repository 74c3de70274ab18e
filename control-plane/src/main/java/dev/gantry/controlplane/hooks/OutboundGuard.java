package dev.gantry.controlplane.hooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
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
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "is not a URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "must be an http or https URL";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "must name a host";
        }
        if (uri.getUserInfo() != null) {
            return "must not carry credentials";
        }
        return null;
    }

    /** Null when every address the host resolves to may be called, otherwise why not. */
    String checkAddress(URI uri) {
        if (allowPrivate) {
            return null;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (address.isLoopbackAddress()
                        || address.isSiteLocalAddress()
                        || address.isLinkLocalAddress()
                        || address.isAnyLocalAddress()
                        || address.isMulticastAddress()
                        || isUniqueLocal(address)) {
                    return "resolves to a private or local address (" + address.getHostAddress() + ")";
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return "host " + uri.getHost() + " does not resolve";
        }
    }

    private static boolean isUniqueLocal(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
    }
}
