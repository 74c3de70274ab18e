package dev.gantry.model;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

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

    private TargetAddresses() {}

    /**
     * Whether a target may not have this address: also an IPv6 address that carries a refused IPv4
     * one (IPv4-compatible, NAT64, 6to4, Teredo), since a network that translates them delivers to
     * the IPv4 address.
     */
    public static boolean refused(InetAddress address) {
        if (refusedAsIs(address)) {
            return true;
        }
        Inet4Address embedded = embeddedIpv4(address);
        return embedded != null && refusedAsIs(embedded);
    }

    private static boolean refusedAsIs(InetAddress address) {
        return address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()
                || METADATA_ADDRESSES.contains(address.getHostAddress());
    }

    /** The IPv4 address an IPv6 one stands for by a well-known translation, or null. */
    static Inet4Address embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] b = address.getAddress();
        int w0 = word(b, 0);
        int w1 = word(b, 2);
        byte[] v4 = null;
        if (w0 == 0 && w1 == 0 && word(b, 4) == 0 && word(b, 6) == 0 && word(b, 8) == 0) {
            int w5 = word(b, 10);
            // ::a.b.c.d (IPv4-compatible) and ::ffff:a.b.c.d (mapped), but not :: or ::1
            if ((w5 == 0 || w5 == 0xffff) && !(w5 == 0 && word(b, 12) == 0 && (b[14] == 0))) {
                v4 = Arrays.copyOfRange(b, 12, 16);
            }
        } else if (w0 == 0x64
                && w1 == 0xff9b
                && word(b, 4) == 0
                && word(b, 6) == 0
                && word(b, 8) == 0
                && word(b, 10) == 0) {
            v4 = Arrays.copyOfRange(b, 12, 16); // NAT64, well-known prefix 64:ff9b::/96
        } else if (w0 == 0x64 && w1 == 0xff9b && word(b, 4) == 1) {
            // NAT64 local-use prefix 64:ff9b:1::/48: RFC 6052's /48 layout skips bits 64..71
            v4 = new byte[] {b[6], b[7], b[9], b[10]};
        } else if (w0 == 0x2002) {
            v4 = Arrays.copyOfRange(b, 2, 6); // 6to4
        } else if (w0 == 0x2001 && w1 == 0) {
            // Teredo: the client's address, inverted, in the last 32 bits
            v4 = new byte[] {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]};
        }
        if (v4 == null) {
            return null;
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }

    private static int word(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    /**
     * The IPv4 address a host written in one of the numeric forms that resolvers accept
     * ({@code inet_aton}: one to four parts, each decimal, octal with a leading 0 or hex with 0x,
     * the last filling the remaining bytes, as in {@code 2852039166}, {@code 0xa9fea9fe},
     * {@code 0251.0376.0251.0376} or {@code 169.254.43518}), or null when it is not one.
     */
    static byte[] numericIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            int radix = 10;
            if (part.startsWith("0x") || part.startsWith("0X")) {
                radix = 16;
                part = part.substring(2);
            } else if (part.length() > 1 && part.startsWith("0")) {
                radix = 8;
                part = part.substring(1);
            }
            if (part.isEmpty() && radix != 16 || part.length() > 32) {
                return null;
            }
            try {
                values[i] = part.isEmpty() ? 0 : Long.parseLong(part, radix);
            } catch (NumberFormatException notNumeric) {
                return null;
            }
            if (values[i] < 0) {
                return null;
            }
        }
        long address = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 0xff) {
                return null;
            }
            address |= values[i] << (8 * (3 - i));
        }
        long last = values[values.length - 1];
        if (last >= 1L << (8 * (4 - (values.length - 1)))) {
            return null;
        }
        address |= last;
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
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
        try {
            InetAddress address = null;
            if (h.contains(":")) {
                // an IPv6 literal, its zone (fe80::1%eth0, %25 in a URL) left out: parsed, never looked up
                int zone = h.indexOf('%');
                address = InetAddress.getByName(zone < 0 ? h : h.substring(0, zone));
            } else if (h.matches("[0-9a-fA-FxX.]+")) {
                byte[] v4 = numericIpv4(h);
                address = v4 == null ? null : InetAddress.getByAddress(v4);
            }
            if (address != null && refused(address)) {
                return (h.equals(address.getHostAddress()) ? "" : h + " is " + address.getHostAddress() + "; ")
                        + describe(address) + "; targets may not be there";
            }
        } catch (UnknownHostException e) {
            return null; // not a literal after all; the URL check itself says what is wrong
        }
        return null;
    }

    /** What kind of refused address this is, for messages. */
    public static String describe(InetAddress address) {
        Inet4Address embedded = refusedAsIs(address) ? null : embeddedIpv4(address);
        if (embedded != null) {
            return address.getHostAddress() + " stands for " + describe(embedded);
        }
        String kind = address.isLinkLocalAddress()
                ? "a link-local address (cloud metadata services live there)"
                : address.isAnyLocalAddress()
                        ? "the wildcard address"
                        : address.isMulticastAddress() ? "a multicast address" : "a cloud metadata address";
        return address.getHostAddress() + " is " + kind;
    }
}
