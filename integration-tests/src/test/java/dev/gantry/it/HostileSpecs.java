package dev.gantry.it;

import dev.gantry.controlplane.specs.SpecsProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Malformed and hostile specification documents, derived deterministically (one seed) from real
 * ones: truncations, byte flips, garbage, deep nesting, YAML alias bombs, reference cycles, wrong
 * types, references to other documents, odd encodings, oversized documents.
 */
final class HostileSpecs {
    private HostileSpecs() {}

    /** A small valid OpenAPI 3.0 document whose parts the wrong-type cases replace. */
    static String template(String version, String info, String paths, String components) {
        return "{\"openapi\": " + version + ", \"info\": " + info + ", \"paths\": " + paths + ", \"components\": "
                + components + "}";
    }

    static final String INFO = "{\"title\": \"t\", \"version\": \"1\"}";
    static final String COMPONENTS =
            "{\"schemas\": {\"Item\": {\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"integer\"}}}}}";

    static String paths(String operation) {
        return "{\"/items/{id}\": {\"get\": " + operation + "}}";
    }

    static final String OPERATION =
            "{\"parameters\": [{\"name\": \"id\", \"in\": \"path\", \"required\": true, \"schema\": {\"type\": \"integer\"}}],"
                    + " \"responses\": {\"200\": {\"description\": \"ok\", \"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/Item\"}}}}}}";

    static List<byte[]> generate(List<byte[]> real, String remoteBase, Random random) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] doc : real) {
            for (int i = 0; i < 8; i++) { // truncations
                out.add(Arrays.copyOf(doc, 1 + random.nextInt(doc.length - 1)));
            }
            for (int i = 0; i < 16; i++) { // byte flips
                byte[] copy = doc.clone();
                int flips = 1 + random.nextInt(20);
                for (int f = 0; f < flips; f++) {
                    copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
                }
                out.add(copy);
            }
            for (int i = 0; i < 5; i++) { // garbage inserted
                int at = random.nextInt(doc.length);
                byte[] garbage = new byte[1 + random.nextInt(64)];
                random.nextBytes(garbage);
                byte[] copy = new byte[doc.length + garbage.length];
                System.arraycopy(doc, 0, copy, 0, at);
                System.arraycopy(garbage, 0, copy, at, garbage.length);
                System.arraycopy(doc, at, copy, at + garbage.length, doc.length - at);
                out.add(copy);
            }
        }
        // deep nesting, JSON and YAML
        for (int depth : new int[] {97, 200, 1000, 20000}) {
            out.add(bytes("{\"openapi\": \"3.0.3\", \"info\": " + INFO + ", \"paths\": {}, \"x-deep\": "
                    + "[".repeat(depth) + "]".repeat(depth) + "}"));
            out.add(bytes("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-deep: " + "[".repeat(depth)
                    + "]".repeat(depth) + "\n"));
        }
        StringBuilder block = new StringBuilder("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-deep:\n");
        for (int i = 1; i < 150; i++) {
            block.append("  ".repeat(i)).append("k").append(i).append(":\n");
        }
        out.add(bytes(block.toString()));
        String deepSchema = "{\"type\": \"object\", \"properties\": {\"a\": ".repeat(120) + "{}" + "}}".repeat(120);
        out.add(bytes(template("\"3.0.3\"", INFO, "{}", "{\"schemas\": {\"Deep\": " + deepSchema + "}}")));
        // alias bombs
        for (int levels = 4; levels <= 12; levels++) {
            StringBuilder bomb = new StringBuilder(
                    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-bomb:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
            for (int l = 1; l <= levels; l++) {
                bomb.append("  l").append(l).append(": &l").append(l).append(" [");
                for (int j = 0; j < 9; j++) {
                    bomb.append(j == 0 ? "" : ", ").append("*l").append(l - 1);
                }
                bomb.append("]\n");
            }
            out.add(bytes(bomb.toString()));
        }
        StringBuilder binary = new StringBuilder(
                "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-bomb:\n  b0: &b0 {x: 1}\n");
        for (int l = 1; l <= 40; l++) {
            binary.append("  b")
                    .append(l)
                    .append(": &b")
                    .append(l)
                    .append(" [*b")
                    .append(l - 1)
                    .append(", *b")
                    .append(l - 1)
                    .append("]\n");
        }
        out.add(bytes(binary.toString()));
        out.add(bytes("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-loop: &loop [*loop]\n"));
        out.add(bytes("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-loop: &loop {a: *loop}\n"));
        out.add(bytes("&k {openapi: 3.0.3, *k : x}\n"));
        // reference cycles
        String cycle =
                "{\"schemas\": {\"A\": {\"$ref\": \"#/components/schemas/B\"}, \"B\": {\"$ref\": \"#/components/schemas/A\"}}}";
        String self = "{\"schemas\": {\"C\": {\"$ref\": \"#/components/schemas/C\"}}}";
        for (String version : new String[] {"\"3.0.3\"", "\"3.1.0\""}) {
            out.add(bytes(template(version, INFO, "{}", cycle)));
            out.add(bytes(template(version, INFO, "{}", self)));
            out.add(bytes(template(
                    version,
                    INFO,
                    paths(OPERATION.replace("#/components/schemas/Item", "#/components/schemas/A")),
                    cycle)));
            out.add(bytes(template(
                    version,
                    INFO,
                    paths(OPERATION.replace("#/components/schemas/Item", "#/components/schemas/C")),
                    self)));
            out.add(bytes(template(
                    version,
                    INFO,
                    "{\"/a\": {\"$ref\": \"#/paths/~1b\"}, \"/b\": {\"$ref\": \"#/paths/~1a\"}}",
                    COMPONENTS)));
        }
        out.add(
                bytes(
                        "{\"swagger\": \"2.0\", \"info\": " + INFO
                                + ", \"paths\": {}, \"definitions\": {\"A\": {\"$ref\": \"#/definitions/B\"}, \"B\": {\"$ref\": \"#/definitions/A\"}}}"));
        // wrong types
        List<String[]> wrong = List.of(
                new String[] {"\"3.0.3\"", INFO, "\"paths\"", COMPONENTS},
                new String[] {"\"3.0.3\"", INFO, "42", COMPONENTS},
                new String[] {"\"3.0.3\"", INFO, "[]", COMPONENTS},
                new String[] {"\"3.0.3\"", INFO, "null", COMPONENTS},
                new String[] {"\"3.0.3\"", INFO, "true", COMPONENTS},
                new String[] {"\"3.0.3\"", "[]", paths(OPERATION), COMPONENTS},
                new String[] {"\"3.0.3\"", "\"info\"", paths(OPERATION), COMPONENTS},
                new String[] {"3.0", INFO, paths(OPERATION), COMPONENTS},
                new String[] {"\"4.0.0\"", INFO, paths(OPERATION), COMPONENTS},
                new String[] {"[\"3.0.3\"]", INFO, paths(OPERATION), COMPONENTS},
                new String[] {"\"3.0.3\"", INFO, paths(OPERATION), "[]"},
                new String[] {"\"3.0.3\"", INFO, paths(OPERATION), "{\"schemas\": []}"},
                new String[] {"\"3.0.3\"", INFO, paths(OPERATION), "{\"schemas\": {\"Item\": 5}}"},
                new String[] {"\"3.0.3\"", INFO, paths("[]"), COMPONENTS},
                new String[] {"\"3.0.3\"", INFO, paths("\"get\""), COMPONENTS},
                new String[] {"\"3.0.3\"", INFO, "{\"/x\": \"item\"}", COMPONENTS},
                new String[] {"\"3.0.3\"", INFO, "{\"/x\": []}", COMPONENTS},
                new String[] {
                    "\"3.0.3\"",
                    INFO,
                    paths(OPERATION
                            .replace("\"parameters\": [", "\"parameters\": {\"p\": [")
                            .replace("}}],", "}}]},")),
                    COMPONENTS
                },
                new String[] {
                    "\"3.0.3\"",
                    INFO,
                    paths(OPERATION
                            .replace("\"responses\": {", "\"responses\": [{")
                            .replace("}}}}}}", "}}}}}]}")),
                    COMPONENTS
                },
                new String[] {
                    "\"3.0.3\"", INFO, paths(OPERATION.replace("\"in\": \"path\"", "\"in\": \"nowhere\"")), COMPONENTS
                },
                new String[] {"\"3.0.3\"", INFO, paths(OPERATION.replace("\"name\": \"id\", ", "")), COMPONENTS},
                new String[] {"\"3.0.3\"", INFO, paths(OPERATION.replace("\"name\": \"id\"", "\"name\": 7")), COMPONENTS
                },
                new String[] {
                    "\"3.0.3\"",
                    INFO,
                    paths(OPERATION.replace("\"required\": true", "\"required\": \"yes\"")),
                    COMPONENTS
                },
                new String[] {
                    "\"3.0.3\"", INFO, paths(OPERATION.replace("{\"type\": \"integer\"}", "{\"type\": 5}")), COMPONENTS
                },
                new String[] {
                    "\"3.0.3\"", INFO, paths(OPERATION.replace("\"#/components/schemas/Item\"", "42")), COMPONENTS
                },
                new String[] {
                    "\"3.0.3\"", INFO, paths(OPERATION.replace("\"#/components/schemas/Item\"", "{}")), COMPONENTS
                },
                new String[] {"\"3.0.3\"", INFO, paths(OPERATION.replace("\"200\"", "\"abc\"")), COMPONENTS},
                new String[] {
                    "\"3.0.3\"",
                    INFO,
                    paths(OPERATION.replace("\"content\": {", "\"content\": \"x\", \"c\": {")),
                    COMPONENTS
                },
                new String[] {
                    "\"3.0.3\"",
                    INFO,
                    paths(OPERATION
                            .replace("\"schema\": {\"$ref\"", "\"schema\": [{\"$ref\"")
                            .replace("Item\"}}}", "Item\"}]}}")),
                    COMPONENTS
                },
                new String[] {
                    "\"3.0.3\"",
                    INFO,
                    paths(OPERATION.replace("\"parameters\"", "\"security\": \"x\", \"parameters\"")),
                    COMPONENTS
                },
                new String[] {
                    "\"3.0.3\"",
                    INFO,
                    paths(OPERATION.replace("\"parameters\"", "\"security\": [{\"none\": \"x\"}], \"parameters\"")),
                    COMPONENTS
                },
                new String[] {
                    "\"3.0.3\"", INFO, paths(OPERATION), "{\"securitySchemes\": {\"s\": {\"type\": \"weird\"}}}"
                },
                new String[] {"\"3.0.3\"", INFO, paths(OPERATION), "{\"securitySchemes\": {\"s\": []}}"},
                new String[] {
                    "\"3.0.3\"",
                    INFO,
                    paths(OPERATION.replace("\"parameters\"", "\"tags\": {\"a\": 1}, \"parameters\"")),
                    COMPONENTS
                },
                new String[] {
                    "\"3.0.3\"",
                    INFO,
                    paths(OPERATION.replace(
                            "\"parameters\"",
                            "\"requestBody\": {\"content\": {\"application/json\": 5}}, \"parameters\"")),
                    COMPONENTS
                },
                new String[] {
                    "\"3.0.3\"",
                    INFO,
                    paths(OPERATION.replace("\"parameters\"", "\"requestBody\": [], \"parameters\"")),
                    COMPONENTS
                },
                new String[] {
                    "\"3.0.3\"",
                    INFO,
                    paths(OPERATION.replace("\"parameters\"", "\"operationId\": {}, \"parameters\"")),
                    COMPONENTS
                },
                new String[] {
                    "\"3.0.3\"",
                    INFO,
                    paths(OPERATION.replace("\"parameters\"", "\"deprecated\": \"no\", \"parameters\"")),
                    COMPONENTS
                });
        for (String[] w : wrong) {
            out.add(bytes(template(w[0], w[1], w[2], w[3])));
            out.add(bytes(template(w[0].equals("\"3.0.3\"") ? "\"3.1.0\"" : w[0], w[1], w[2], w[3])));
        }
        // references to other documents
        for (String target : new String[] {
            remoteBase + "/schemas.yaml#/Item",
            remoteBase + "/item.json",
            "https://127.0.0.1:1/x.yaml",
            "file:///etc/passwd",
            "other.yaml#/Item",
            "//127.0.0.1/x",
            "./item.json",
            "jar:file:/x.jar!/y"
        }) {
            out.add(bytes(template(
                    "\"3.0.3\"", INFO, paths(OPERATION.replace("#/components/schemas/Item", target)), COMPONENTS)));
        }
        out.add(bytes(
                template("\"3.0.3\"", INFO, "{\"/x\": {\"$ref\": \"" + remoteBase + "/paths.yaml\"}}", COMPONENTS)));
        // encodings and degenerate documents
        out.add(new byte[0]);
        out.add(bytes("   \n\t  "));
        out.add(bytes("null"));
        out.add(bytes("[]"));
        out.add(bytes("42"));
        out.add(bytes("\"openapi\""));
        out.add(bytes("---\n...\n"));
        out.add(new byte[] {(byte) 0xC3, (byte) 0x28, 0x7B, 0x7D});
        out.add(template("\"3.0.3\"", INFO, paths(OPERATION), COMPONENTS).getBytes(StandardCharsets.UTF_16));
        out.add(bytes("openapi: 3.0.3\ninfo: {title: \u0000, version: '1'}\npaths: {}\n"));
        out.add(bytes("openapi: 3.0.3\nopenapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"));
        out.add(bytes("{\"openapi\": \"3.0.3\", \"openapi\": \"3.1.0\", \"info\": " + INFO + ", \"paths\": {}}"));
        out.add(bytes("openapi: 3.0.3\ninfo: !!java.net.URL ['http://127.0.0.1:1/']\npaths: {}\n"));
        out.add(bytes("openapi: 3.0.3\ninfo:\n\ttitle: tab\npaths: {}\n"));
        // oversized: beyond the byte limit, and beyond the operation limit
        byte[] huge = new byte[SpecsProperties.DEFAULT_MAX_BYTES + 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');
        byte[] head = bytes(template("\"3.0.3\"", INFO, "{}", COMPONENTS));
        System.arraycopy(head, 0, huge, 0, head.length);
        out.add(huge);
        StringBuilder many = new StringBuilder("{\"openapi\": \"3.0.3\", \"info\": " + INFO + ", \"paths\": {");
        for (int i = 0; i < 5001; i++) {
            many.append(i == 0 ? "" : ", ")
                    .append("\"/p")
                    .append(i)
                    .append("\": {\"get\": {\"responses\": {\"200\": {\"description\": \"ok\"}}}}");
        }
        out.add(bytes(many.append("}}").toString()));
        return out;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
