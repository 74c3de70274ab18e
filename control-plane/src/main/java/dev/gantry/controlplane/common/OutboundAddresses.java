package dev.gantry.controlplane.common;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Where the control plane itself may call out to (CI callbacks, an issue tracker): http(s) URLs
 * without credentials in them, to hosts that do not resolve to the farm's own network unless that
 * is allowed. Link-local addresses (cloud metadata at 169.254.169.254), wildcard and multicast
 * addresses stay refused even then when {@code allowPrivate} is all that is given. Checked when a
 * URL is saved (its form) and before each call (the addresses its name resolves to then).
 */
public final class OutboundAddresses {
    private OutboundAddresses() {}

    /** Null when the URL is acceptable in form, otherwise why not. */
    public static String checkForm(String url) {
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

    /**
     * Null when every address the host resolves to may be called, otherwise why not; with
     * {@code allowPrivate}, loopback and private (RFC 1918, unique-local) addresses may be.
     */
    public static String checkAddress(URI uri, boolean allowPrivate) {
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                boolean local = address.isLoopbackAddress() || address.isSiteLocalAddress() || isUniqueLocal(address);
                boolean never =
                        address.isLinkLocalAddress() || address.isAnyLocalAddress() || address.isMulticastAddress();
                if (never || (local && !allowPrivate)) {
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
