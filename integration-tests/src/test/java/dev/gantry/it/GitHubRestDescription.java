package dev.gantry.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * GitHub's published REST description, {@code generated/api.github.com.json} of the npm package
 * {@code @octokit/openapi} at a pinned version: fetched with {@code npm pack} the first time, checked
 * against the registry's integrity and the file's own digest, and kept in a cache outside the build
 * ({@code $GANTRY_CACHE_DIR}, else {@code ~/.cache/gantry}), so reruns do not download it again. At
 * 13 MB it is not worth keeping in the repository.
 */
final class GitHubRestDescription {
    static final String PACKAGE = "@octokit/openapi";
    static final String VERSION = "23.0.2";
    static final String ENTRY = "package/generated/api.github.com.json";
    /** The registry's {@code dist.integrity} of the tarball ({@code npm view @octokit/openapi@23.0.2 dist}). */
    static final String TARBALL_SHA512 =
            "pV8M7L9GY23AybNvTmo2nyjmpmnt6+2sRE/tqr0ZLQcPS4lnw7u5eZGNmwRNkBC3D7gZXbFx5AHzLUVRBXGDhg==";
    /** SHA-256 of {@link #ENTRY} in that tarball, so a cached copy is checked without the tarball. */
    static final String DOCUMENT_SHA256 = "829b4bebb19a53133289f7b0bc819f4f1118115821db2ca9f25e9ee995a7da2a";

    private GitHubRestDescription() {}

    /** The document's path in the cache, fetched and unpacked first when it is not there (or not intact). */
    static synchronized Path document() {
        Path cache = cacheDirectory().resolve("npm");
        Path document = cache.resolve("octokit-openapi-" + VERSION + "-api.github.com.json");
        try {
            if (Files.isRegularFile(document) && sha256Hex(document).equals(DOCUMENT_SHA256)) {
                return document;
            }
            Files.createDirectories(cache);
            Path tarball = cache.resolve("octokit-openapi-" + VERSION + ".tgz");
            if (!Files.isRegularFile(tarball) || !sha512Base64(tarball).equals(TARBALL_SHA512)) {
                pack(cache);
            }
            String integrity = sha512Base64(tarball);
            if (!integrity.equals(TARBALL_SHA512)) {
                throw new AssertionError("npm pack gave " + tarball + " with integrity sha512-" + integrity
                        + ", not the registry's sha512-" + TARBALL_SHA512);
            }
            unpack(tarball, document);
            String digest = sha256Hex(document);
            if (!digest.equals(DOCUMENT_SHA256)) {
                throw new AssertionError(
                        ENTRY + " of " + tarball + " has SHA-256 " + digest + ", expected " + DOCUMENT_SHA256);
            }
            return document;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path cacheDirectory() {
        String configured = System.getenv("GANTRY_CACHE_DIR");
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "gantry");
    }

    private static void pack(Path cache) throws IOException {
        List<String> command = List.of("npm", "pack", PACKAGE + "@" + VERSION, "--pack-destination", cache.toString());
        Process npm;
        try {
            npm = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(
                    "npm (Node.js) is needed once to fetch GitHub's REST description: `" + String.join(" ", command)
                            + "` could not start (" + e.getMessage() + "). Install Node.js, or put "
                            + ENTRY.substring(ENTRY.lastIndexOf('/') + 1) + " of " + PACKAGE + "@" + VERSION
                            + " at " + cache.resolve("octokit-openapi-" + VERSION + "-api.github.com.json"),
                    e);
        }
        String output;
        try (InputStream out = npm.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new AssertionError("`" + String.join(" ", command) + "` failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            npm.destroyForcibly();
            throw new AssertionError("interrupted while npm fetched " + PACKAGE, e);
        }
    }

    private static void unpack(Path tarball, Path document) throws IOException {
        Path partial = document.resolveSibling(document.getFileName() + ".part");
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(tarball)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.getName().equals(ENTRY)) {
                    Files.copy(tar, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, document, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    return;
                }
            }
        }
        throw new AssertionError(tarball + " has no " + ENTRY);
    }

    private static String sha512Base64(Path file) throws IOException {
        return Base64.getEncoder().encodeToString(digest("SHA-512", file));
    }

    private static String sha256Hex(Path file) throws IOException {
        return HexFormat.of().formatHex(digest("SHA-256", file));
    }

    private static byte[] digest(String algorithm, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
