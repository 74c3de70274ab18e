package dev.gantry.controlplane.targets;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.security.Refusals;
import dev.gantry.model.ServicePorts;
import dev.gantry.model.TargetAddresses;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where test targets may be, checked when a URL is saved (a base URL, a token URL, a case's whole
 * URL): not on a link-local or metadata address ({@link TargetAddresses}, unless
 * {@code gantry.targets.allow-link-local}), not on one of the farm's own service ports
 * ({@link ServicePorts}). What is written as a template cannot be known before a run renders it;
 * the workers check every request and redirect again, names included.
 */
@Component
public class TargetPolicy {
    private final boolean allowLinkLocal;
    private final ServicePorts servicePorts;
    private final Refusals refusals;

    TargetPolicy(TargetsProperties properties, Environment environment, Refusals refusals) {
        this.allowLinkLocal = properties.allowLinkLocal();
        this.servicePorts = ServicePorts.configured(environment::getProperty, "management.server.port");
        this.refusals = refusals;
    }

    /** Refuses (400 naming the field) a URL whose literal host or port no target may have. */
    public void check(String field, String url) {
        String refusal = refusal(url);
        if (refusal != null) {
            refusals.count(Refusals.Reason.TARGET_REFUSED);
            throw new InvalidInputException(field, refusal);
        }
    }

    /** Checks a case's path when it is a whole URL, as the worker reads it (http:// or https:// first). */
    public void checkCasePath(String field, String path) {
        if (path != null && (path.startsWith("http://") || path.startsWith("https://"))) {
            check(field, path);
        }
    }

    private String refusal(String url) {
        if (url == null) {
            return null;
        }
        int schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0) {
            return null; // not absolute: the URL check itself says what is wrong
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        int authorityEnd = schemeEnd + 3;
        while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String authority = url.substring(schemeEnd + 3, authorityEnd);
        if (authority.contains("{{")) {
            return null; // rendered, and checked, by the worker
        }
        URI uri;
        try {
            // the authority alone, so that a template in the path does not hide a literal host
            uri = new URI(scheme + "://" + authority.replace("%25", "%") + "/");
        } catch (URISyntaxException e) {
            try {
                uri = new URI(scheme + "://" + authority + "/");
            } catch (URISyntaxException unparsable) {
                return null;
            }
        }
        String host = uri.getHost() != null ? uri.getHost() : hostOf(authority);
        if (!allowLinkLocal) {
            String hostRefusal = TargetAddresses.refusal(host);
            if (hostRefusal != null) {
                return hostRefusal;
            }
        }
        return servicePorts.refusal(scheme, uri.getPort() >= 0 ? uri.getPort() : portOf(authority));
    }

    /** The host of an authority java.net.URI would not parse as a server ({@code [fe80::1%eth0]}). */
    private static String hostOf(String authority) {
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        if (hostAndPort.startsWith("[")) {
            int close = hostAndPort.indexOf(']');
            return close < 0 ? hostAndPort : hostAndPort.substring(0, close + 1);
        }
        int colon = hostAndPort.lastIndexOf(':');
        return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
    }

    private static int portOf(String authority) {
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostAndPort.lastIndexOf(':');
        if (colon < 0 || hostAndPort.lastIndexOf(']') > colon) {
            return -1;
        }
        try {
            return Integer.parseInt(hostAndPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
