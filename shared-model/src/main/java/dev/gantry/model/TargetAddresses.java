package dev.gantry.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where test targets may not be, unless an operator allows it ({@code gantry.targets.allow-link-local}):
 * link-local addresses (the cloud metadata service at 169.254.169.254 hands out credentials),
 * the other well-known metadata addresses and names, wildcard and multicast addresses. Loopback
 * and private networks stay allowed: that is where staging systems live.
 *
 * <p>The control plane checks what a user writes (an IP literal or a metadata name); the workers
 * check every address a target name resolves to, on every new connection and redirect, which
 * also covers names that resolve to a metadata address.
 */
public final class TargetAddresses {
    /** Metadata services outside the link-local ranges: AWS over IPv6, Alibaba Cloud. */
    private static final Set<String> METADATA_ADDRESSES = Set.of("fd00:ec2:0:0:0:0:0:254", "100.100.100.200");

    private static final Set<String> METADATA_NAMES = Set.of(
            "metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal");

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private TargetAddresses() {}

    /** Whether a target may not have this address. */
    public static boolean refused(InetAddress address) {
        return address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()
                || METADATA_ADDRESSES.contains(address.getHostAddress());
    }

    /**
     * Why a target may not have this host as written in a URL, or null when it may (as far as can
     * be told without resolving it: names are checked again by the workers when they connect).
     */
    public static String refusal(String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (METADATA_NAMES.contains(h)) {
            return h + " is a cloud metadata service; targets may not be there";
        }
        if (IPV4_LITERAL.matcher(h).matches() || h.contains(":")) {
            try {
                // an IP literal: parsed, never looked up
                InetAddress address = InetAddress.getByName(h);
                if (refused(address)) {
                    return describe(address) + "; targets may not be there";
                }
            } catch (UnknownHostException e) {
                return null; // not a literal after all; the URL check itself says what is wrong
            }
        }
        return null;
    }

    /** What kind of refused address this is, for messages. */
    public static String describe(InetAddress address) {
        String kind = address.isLinkLocalAddress()
                ? "a link-local address (cloud metadata services live there)"
                : address.isAnyLocalAddress()
                        ? "the wildcard address"
                        : address.isMulticastAddress() ? "a multicast address" : "a cloud metadata address";
        return address.getHostAddress() + " is " + kind;
    }
}
