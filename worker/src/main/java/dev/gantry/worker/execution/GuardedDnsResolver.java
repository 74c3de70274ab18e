package dev.gantry.worker.execution;

import dev.gantry.model.TargetAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Resolves target host names for the HTTP client and drops the addresses no target may have
 * ({@link TargetAddresses}): a case whose URL, redirect or token endpoint leads to the cloud
 * metadata service fails before any connection is opened. Asked once per new connection, never
 * per request on a kept-alive one.
 */
final class GuardedDnsResolver implements DnsResolver {
    private final DnsResolver delegate;

    GuardedDnsResolver() {
        this(SystemDefaultDnsResolver.INSTANCE);
    }

    GuardedDnsResolver(DnsResolver delegate) {
        this.delegate = delegate;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] all = delegate.resolve(host);
        InetAddress[] allowed = Arrays.stream(all)
                .filter(address -> !TargetAddresses.refused(address))
                .toArray(InetAddress[]::new);
        if (allowed.length == 0 && all.length > 0) {
            throw new RefusedTargetException(host + " is refused as a target: " + TargetAddresses.describe(all[0])
                    + " (an operator may allow it with gantry.targets.allow-link-local)");
        }
        return allowed;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return delegate.resolveCanonicalHostname(host);
    }

    /** A target whose every address is refused; an error of the step, never retried. */
    static final class RefusedTargetException extends UnknownHostException {
        RefusedTargetException(String message) {
            super(message);
        }
    }
}
