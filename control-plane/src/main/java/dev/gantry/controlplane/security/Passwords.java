package dev.gantry.controlplane.security;

import dev.gantry.controlplane.common.InvalidInputException;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * People's passwords: hashed by Spring Security's {@code DelegatingPasswordEncoder} (bcrypt today; the
 * stored {@code {id}} prefix lets a later default take over without invalidating what is stored), and
 * bounded before any hashing: bcrypt reads at most 72 bytes, so a longer password is refused rather
 * than silently cut.
 */
@Configuration(proxyBeanMethods = false)
class Passwords {
    static final int MIN_LENGTH = 12;
    static final int MAX_BYTES = 72;

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Refuses a password too short to resist guessing or too long for the hash. */
    static void requireAcceptable(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw new InvalidInputException("password", "must have at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidInputException("password", "must be at most " + MAX_BYTES + " bytes in UTF-8");
        }
    }
}
