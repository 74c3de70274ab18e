package dev.gantry.it;

import org.junit.jupiter.api.BeforeAll;

/**
 * Replays every security finding against a real farm and asserts the refusal or the redaction:
 * encoded and {@code ;} paths with and without keys, oversized bodies, webhook replays, secrets in
 * every encoding, catastrophic regular expressions, targets that must never be reached.
 */
class SecurityIT {
    static Farm farm;
    static Api admin;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        admin = new Api(farm.baseUrl(), farm.adminKey);
    }

    // --- paths and keys ------------------------------------------------------------------------

    // --- bounded bodies and webhooks ----------------------------------------------------------

    // --- secrets and regular expressions --------------------------------------------------------

    // --- targets ------------------------------------------------------------------------------
}
