package dev.gantry.controlplane.processes;

import dev.gantry.controlplane.processes.ProcessResults.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A diagram drawn as SVG from the coordinates its modeller saved (BPMN diagram interchange): pools
 * and lanes as bands with their names, events as circles (a start event thin, an end event thick,
 * others doubled), tasks as rounded rectangles with their names wrapped, gateways as diamonds with
 * their marker (× exclusive, + parallel, ○ inclusive), sequence flows as lines with arrowheads and
 * message flows dashed. Given a run's results, each element and flow is coloured by its status, with
 * a legend. Every text comes from users and is escaped; no script, no reference outside the SVG, so
 * it can stand alone or be inlined in a page under a strict Content-Security-Policy. Elements the
 * modeller drew no shape for are left out.
 */
@Component
public class ProcessDiagramSvg {
    static final double MARGIN = 20;
    static final double LEGEND = 34;
    static final double LINE = 14;

    private static final String STYLE =
            """
            .gp text{font:12px system-ui,-apple-system,"Segoe UI",sans-serif;fill:#1d2330}
            .gp .gp-band{fill:none;stroke:#8a93a6;stroke-width:1}.gp .gp-band-head{fill:#f4f6fb;stroke:#8a93a6}
            .gp .gp-shape{fill:#fff;stroke:#1d2330;stroke-width:2}.gp .gp-mark{fill:none;stroke:#1d2330;stroke-width:3}
            .gp .gp-start .gp-shape{stroke-width:1.5}.gp .gp-end .gp-shape{stroke-width:4}
            .gp .gp-line{fill:none;stroke:#1d2330;stroke-width:1.5}.gp .gp-message .gp-line{stroke-dasharray:7 5}
            .gp .gp-passed .gp-shape{fill:#e3f4e8;stroke:#1f8a4c}.gp .gp-passed .gp-mark,.gp .gp-passed .gp-line{stroke:#1f8a4c}
            .gp .gp-failed .gp-shape{fill:#fdecea;stroke:#c62828}.gp .gp-failed .gp-mark,.gp .gp-failed .gp-line{stroke:#c62828}
            .gp .gp-not-reached .gp-shape{fill:#ececec;stroke:#757575}
            .gp .gp-not-reached .gp-mark,.gp .gp-not-reached .gp-line{stroke:#757575}
            .gp .gp-none .gp-shape{fill:#fff;stroke:#c5cad6}.gp .gp-none .gp-mark,.gp .gp-none .gp-line{stroke:#c5cad6}
            .gp .gp-none text{fill:#8d95a5}.gp .gp-passed .gp-line,.gp .gp-failed .gp-line{stroke-width:2.5}
            """;

    private static final Map<String, String> ARROWS = Map.of(
            "gp-plain", "#1d2330",
            "gp-passed", "#1f8a4c",
            "gp-failed", "#c62828",
            "gp-not-reached", "#757575",
            "gp-none", "#c5cad6");

    private final ProcessStore store;

    ProcessDiagramSvg(ProcessStore store) {
        this.store = store;
    }

    /** The diagram of a run's results, coloured by them (an {@code <svg>} element, no XML declaration). */
    public String draw(ProcessResults.Report report) {
        return draw(
                store.elements(report.diagramId(), report.version()),
                store.flows(report.diagramId(), report.version()),
                report);
    }

    /** The diagram, coloured by {@code report} when there is one. */
    static String draw(
            List<ProcessModel.Element> elements, List<ProcessModel.Flow> flows, ProcessResults.Report report) {
        Map<String, Status> elementStatus = new HashMap<>();
        Map<String, Status> flowStatus = new HashMap<>();
        if (report != null) {
            report.elements().forEach(e -> elementStatus.put(e.elementId(), e.status()));
            report.flows().forEach(f -> flowStatus.put(f.flowId(), f.status()));
        }
        double[] box = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (ProcessModel.Element e : elements) {
            if (e.bounds() != null) {
                ProcessModel.Bounds b = e.bounds();
                // the name of an event or gateway is written below it (a boundary event's above), in
                // lines wider than the shape
                boolean labelled =
                        e.category() == ProcessModel.Category.EVENT || e.category() == ProcessModel.Category.GATEWAY;
                double below = labelled ? 3 * LINE + 4 : 0;
                double aside = labelled ? Math.max(0, 55 - b.width() / 2) : 0;
                include(box, b.x() - aside, b.y() - (labelled ? LINE : 0));
                include(box, b.x() + b.width() + aside, b.y() + b.height() + below);
            }
        }
        for (ProcessModel.Flow f : flows) {
            f.waypoints().forEach(p -> include(box, p.x(), p.y()));
        }
        StringBuilder out = new StringBuilder(8_192);
        if (box[0] > box[2]) {
            out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gp\" width=\"420\" height=\"40\""
                    + " viewBox=\"0 0 420 40\"><text x=\"10\" y=\"24\" font-size=\"13\">The modeller saved no"
                    + " coordinates for this diagram: there is nothing to draw.</text></svg>\n");
            return out.toString();
        }
        double x0 = box[0] - MARGIN, y0 = box[1] - MARGIN;
        double width = Math.max(box[2] - box[0] + 2 * MARGIN, report == null ? 0 : 560);
        double height = box[3] - box[1] + 2 * MARGIN + (report == null ? 0 : LEGEND);
        out.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gp\" role=\"img\" aria-label=\"%s\""
                        + " width=\"%.0f\" height=\"%.0f\" viewBox=\"%.1f %.1f %.1f %.1f\">\n",
                xml(
                        report == null
                                ? "process diagram"
                                : "process diagram coloured by the results of run " + report.runId()),
                width,
                height,
                x0,
                y0,
                width,
                height));
        out.append("<style>").append(STYLE).append("</style>\n<defs>\n");
        ARROWS.forEach((cls, colour) -> out.append(String.format(
                Locale.ROOT,
                "<marker id=\"%s-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\""
                        + " markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"%s\"/></marker>\n"
                        + "<marker id=\"%s-open\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\""
                        + " markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#fff\""
                        + " stroke=\"%s\"/></marker>\n",
                cls,
                colour,
                cls,
                colour)));
        out.append("</defs>\n");

        List<ProcessModel.Element> bands = new ArrayList<>();
        List<ProcessModel.Element> containers = new ArrayList<>();
        List<ProcessModel.Element> shapes = new ArrayList<>();
        for (ProcessModel.Element e : elements) {
            if (e.bounds() == null) {
                continue;
            }
            switch (e.category()) {
                case POOL, LANE -> bands.add(e);
                case SUB_PROCESS -> containers.add(e);
                default -> shapes.add(e);
            }
        }
        // the larger behind the smaller: a pool behind its lanes, a sub-process behind the ones in it
        Comparator<ProcessModel.Element> largestFirst =
                Comparator.comparingDouble(e -> -e.bounds().width() * e.bounds().height());
        bands.sort(largestFirst);
        containers.sort(largestFirst);
        for (ProcessModel.Element e : bands) {
            band(out, e);
        }
        for (ProcessModel.Element e : containers) {
            element(out, e, statusClass(report, elementStatus.get(e.elementId())), elementStatus.get(e.elementId()));
        }
        for (ProcessModel.Flow f : flows) {
            flow(out, f, report, flowStatus.get(f.flowId()));
        }
        for (ProcessModel.Element e : shapes) {
            element(out, e, statusClass(report, elementStatus.get(e.elementId())), elementStatus.get(e.elementId()));
        }
        if (report != null) {
            legend(out, x0 + MARGIN, box[3] + MARGIN + 6);
        }
        out.append("</svg>\n");
        return out.toString();
    }

    private static void include(double[] box, double x, double y) {
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.max(box[2], x);
        box[3] = Math.max(box[3], y);
    }

    /** The class an element or flow is drawn with: plain without results, its status's with them. */
    static String statusClass(ProcessResults.Report report, Status status) {
        if (report == null) {
            return "gp-plain";
        }
        if (status == null) {
            return "gp-none";
        }
        return switch (status) {
            case PASSED -> "gp-passed";
            case FAILED -> "gp-failed";
            case NOT_REACHED -> "gp-not-reached";
            case NOT_IN_SCENARIO -> "gp-none";
        };
    }

    private static void band(StringBuilder out, ProcessModel.Element e) {
        ProcessModel.Bounds b = e.bounds();
        double head = Math.min(30, b.width());
        out.append(String.format(
                Locale.ROOT,
                "<g class=\"gp-%s\" data-element-id=\"%s\"><title>%s</title>"
                        + "<rect class=\"gp-band\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>"
                        + "<rect class=\"gp-band-head\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                e.category().name().toLowerCase(Locale.ROOT),
                xml(e.elementId()),
                xml(e.name() == null ? e.elementId() : e.name()),
                b.x(),
                b.y(),
                b.width(),
                b.height(),
                b.x(),
                b.y(),
                head,
                b.height()));
        if (e.name() != null) {
            double cx = b.x() + head / 2 + 4, cy = b.y() + b.height() / 2;
            out.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 %.1f %.1f)\">%s</text>",
                    cx,
                    cy,
                    cx,
                    cy,
                    xml(shorten(e.name(), (int) Math.max(4, b.height() / 7)))));
        }
        out.append("</g>\n");
    }

    private static void element(StringBuilder out, ProcessModel.Element e, String cls, Status status) {
        ProcessModel.Bounds b = e.bounds();
        String kind =
                switch (e.category()) {
                    case EVENT ->
                        e.type().equals("startEvent")
                                ? "gp-event gp-start"
                                : e.type().equals("endEvent") ? "gp-event gp-end" : "gp-event";
                    case GATEWAY -> "gp-gateway";
                    case SUB_PROCESS -> "gp-subprocess";
                    default -> "gp-task";
                };
        String title = (e.name() == null || e.name().isBlank() ? e.elementId() : e.name()) + " (" + e.type() + ")"
                + (status == null ? "" : ": " + status.name());
        out.append(String.format(
                Locale.ROOT,
                "<g class=\"gp-el %s %s\" data-element-id=\"%s\"%s><title>%s</title>",
                kind,
                cls,
                xml(e.elementId()),
                status == null ? "" : " data-status=\"" + status.name() + "\"",
                xml(title)));
        double cx = b.x() + b.width() / 2, cy = b.y() + b.height() / 2;
        switch (e.category()) {
            case EVENT -> {
                double r = Math.min(b.width(), b.height()) / 2;
                out.append(circle(cx, cy, r, "gp-shape"));
                if (!e.type().equals("startEvent") && !e.type().equals("endEvent")) {
                    out.append(circle(cx, cy, Math.max(1, r - 3.5), "gp-shape"));
                }
                if (e.type().equals("boundaryEvent")) {
                    // below it is the activity it sits on: its name goes above
                    label(out, e.name(), cx, b.y() - 5, 90);
                } else {
                    label(out, e.name(), cx, b.y() + b.height() + LINE, 90);
                }
            }
            case GATEWAY -> {
                out.append(String.format(
                        Locale.ROOT,
                        "<polygon class=\"gp-shape\" points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>",
                        cx,
                        b.y(),
                        b.x() + b.width(),
                        cy,
                        cx,
                        b.y() + b.height(),
                        b.x(),
                        cy));
                gatewayMarker(out, e.type(), cx, cy, Math.min(b.width(), b.height()));
                label(out, e.name(), cx, b.y() + b.height() + LINE, 110);
            }
            case SUB_PROCESS -> {
                out.append(rect(b));
                if (e.name() != null) {
                    out.append(String.format(
                            Locale.ROOT,
                            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
                            cx,
                            b.y() + LINE + 2,
                            xml(shorten(e.name(), (int) Math.max(4, b.width() / 6.5)))));
                }
            }
            default -> {
                out.append(rect(b));
                List<String> lines = wrap(e.name(), (int) Math.max(4, (b.width() - 10) / 6.5), (int)
                        Math.max(1, (b.height() - 8) / LINE));
                double y = cy - (lines.size() - 1) * LINE / 2 + 4;
                for (String line : lines) {
                    out.append(String.format(
                            Locale.ROOT,
                            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
                            cx,
                            y,
                            xml(line)));
                    y += LINE;
                }
            }
        }
        out.append("</g>\n");
    }

    private static String rect(ProcessModel.Bounds b) {
        return String.format(
                Locale.ROOT,
                "<rect class=\"gp-shape\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"10\" ry=\"10\"/>",
                b.x(),
                b.y(),
                b.width(),
                b.height());
    }

    private static String circle(double cx, double cy, double r, String cls) {
        return String.format(Locale.ROOT, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>", cls, cx, cy, r);
    }

    private static void gatewayMarker(StringBuilder out, String type, double cx, double cy, double size) {
        double d = size * 0.2;
        String plus = String.format(
                Locale.ROOT,
                "<path class=\"gp-mark\" d=\"M%.1f,%.1f L%.1f,%.1f M%.1f,%.1f L%.1f,%.1f\"/>",
                cx,
                cy - d * 1.2,
                cx,
                cy + d * 1.2,
                cx - d * 1.2,
                cy,
                cx + d * 1.2,
                cy);
        String cross = String.format(
                Locale.ROOT,
                "<path class=\"gp-mark\" d=\"M%.1f,%.1f L%.1f,%.1f M%.1f,%.1f L%.1f,%.1f\"/>",
                cx - d,
                cy - d,
                cx + d,
                cy + d,
                cx - d,
                cy + d,
                cx + d,
                cy - d);
        switch (type) {
            case "exclusiveGateway" -> out.append(cross);
            case "parallelGateway" -> out.append(plus);
            case "inclusiveGateway" -> out.append(circle(cx, cy, d * 1.2, "gp-mark"));
            case "complexGateway" -> out.append(plus).append(cross);
            case "eventBasedGateway" -> {
                out.append(circle(cx, cy, d * 1.4, "gp-mark"));
                StringBuilder points = new StringBuilder();
                for (int i = 0; i < 5; i++) {
                    double angle = -Math.PI / 2 + i * 2 * Math.PI / 5;
                    points.append(String.format(
                            Locale.ROOT, "%.1f,%.1f ", cx + d * 0.8 * Math.cos(angle), cy + d * 0.8 * Math.sin(angle)));
                }
                out.append("<polygon class=\"gp-mark\" points=\"")
                        .append(points.toString().strip())
                        .append("\"/>");
            }
            default -> {}
        }
    }

    private static void flow(StringBuilder out, ProcessModel.Flow f, ProcessResults.Report report, Status status) {
        if (f.waypoints().size() < 2) {
            return;
        }
        boolean message = f.kind().equals("MESSAGE");
        // message flows are no part of a path: they carry no result
        String cls = message ? (report == null ? "gp-plain" : "gp-none") : statusClass(report, status);
        StringBuilder points = new StringBuilder();
        for (ProcessModel.Point p : f.waypoints()) {
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", p.x(), p.y()));
        }
        String name = f.name() == null || f.name().isBlank() ? f.flowId() : f.name();
        out.append(String.format(
                Locale.ROOT,
                "<g class=\"gp-flow %s %s\" data-flow-id=\"%s\"%s><title>%s</title>"
                        + "<polyline class=\"gp-line\" points=\"%s\" marker-end=\"url(#%s-%s)\"/>",
                message ? "gp-message" : "gp-sequence",
                cls,
                xml(f.flowId()),
                status == null || message ? "" : " data-status=\"" + status.name() + "\"",
                xml(name + (status == null || message ? "" : ": " + status.name())),
                points.toString().strip(),
                cls,
                message ? "open" : "arrow"));
        if (f.name() != null && !f.name().isBlank()) {
            ProcessModel.Point a = f.waypoints().get(0), b = f.waypoints().get(1);
            out.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%s</text>",
                    (a.x() + b.x()) / 2 + 4,
                    (a.y() + b.y()) / 2 - 4,
                    xml(shorten(f.name(), 28))));
        }
        out.append("</g>\n");
    }

    private static void label(StringBuilder out, String name, double cx, double y, double width) {
        if (name == null || name.isBlank()) {
            return;
        }
        for (String line : wrap(name, (int) (width / 6.5), 3)) {
            out.append(String.format(
                    Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", cx, y, xml(line)));
            y += LINE;
        }
    }

    private static void legend(StringBuilder out, double x, double y) {
        String[][] entries = {
            {"gp-passed", "passed"},
            {"gp-failed", "failed"},
            {"gp-not-reached", "not reached"},
            {"gp-none", "not in the scenario"}
        };
        out.append("<g class=\"gp-legend\">");
        for (String[] entry : entries) {
            out.append(String.format(
                    Locale.ROOT,
                    "<g class=\"%s\"><rect class=\"gp-shape\" x=\"%.1f\" y=\"%.1f\" width=\"16\" height=\"12\" rx=\"3\""
                            + " ry=\"3\"/><text x=\"%.1f\" y=\"%.1f\">%s</text></g>",
                    entry[0],
                    x,
                    y,
                    x + 22,
                    y + 11,
                    entry[1]));
            x += 40 + entry[1].length() * 7;
        }
        out.append("</g>\n");
    }

    /** The words of {@code text} in lines of at most {@code width} characters, at most {@code lines} of them. */
    static List<String> wrap(String text, int width, int lines) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            while (word.length() > width) {
                // a word longer than a line is cut
                if (!line.isEmpty()) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                out.add(word.substring(0, width));
                word = word.substring(width);
            }
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (!line.isEmpty()) {
            out.add(line.toString());
        }
        if (out.size() > lines) {
            List<String> kept = new ArrayList<>(out.subList(0, lines));
            kept.set(lines - 1, shorten(kept.get(lines - 1) + " …", width));
            return kept;
        }
        return out;
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, Math.max(1, max - 1)) + "…";
    }

    /**
     * Text for XML content or a quoted attribute: markup characters escaped, and the characters XML
     * 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF) left out.
     */
    static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c)
                            && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if ((c >= 0x20 && c < 0xD800)
                            || (c >= 0xE000 && c < 0xFFFE)
                            || c == '\t'
                            || c == '\n'
                            || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
