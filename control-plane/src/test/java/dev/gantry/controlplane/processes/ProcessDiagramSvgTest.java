package dev.gantry.controlplane.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ProcessDiagramSvgTest {
    static final String HOSTILE = "<script>alert('x')</script> & \"quoted\" \u0001";

    final List<ProcessModel.Element> elements = List.of(
            shape("pool", ProcessModel.Category.POOL, "participant", "Shop & Co", 100, 50, 600, 200),
            shape("start", ProcessModel.Category.EVENT, "startEvent", "Order placed", 152, 102, 36, 36),
            shape("A", ProcessModel.Category.TASK, "serviceTask", HOSTILE, 240, 80, 100, 80),
            shape("X", ProcessModel.Category.GATEWAY, "exclusiveGateway", "Paid?", 395, 95, 50, 50),
            shape("end", ProcessModel.Category.EVENT, "endEvent", "Done", 500, 102, 36, 36));
    final List<ProcessModel.Flow> flows = List.of(
            line("f1", "start", "A", 188, 120, 240, 120),
            line("f2", "A", "X", 340, 120, 395, 120),
            line("f3", "X", "end", 445, 120, 500, 120));

    @Test
    void aPlainDiagramIsWellFormedWithOneShapePerElementAndItsTextEscaped() throws Exception {
        String svg = ProcessDiagramSvg.draw(elements, flows, null);
        Document doc = parse(svg);
        assertThat(svg).doesNotContain("<script").doesNotContain("\u0001");
        NodeList groups = doc.getElementsByTagName("g");
        long shapes = 0;
        for (int i = 0; i < groups.getLength(); i++) {
            if (((Element) groups.item(i)).hasAttribute("data-element-id")) {
                shapes++;
            }
        }
        assertThat(shapes).isEqualTo(5);
        assertThat(doc.getElementsByTagName("circle").getLength()).isEqualTo(2);
        assertThat(doc.getElementsByTagName("polygon").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(3);
        assertThat(doc.getDocumentElement().getTextContent()).contains("<script>alert('x')</script>");
        assertThat(svg).doesNotContain("gp-legend");
    }

    @Test
    void aRunsResultsColourEachElementAndFlowWithALegend() throws Exception {
        ProcessResults.Report report = new ProcessResults.Report(
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                "Orders",
                1,
                Instant.EPOCH,
                null,
                List.of(
                        result("start", ProcessResults.Status.PASSED),
                        result("A", ProcessResults.Status.FAILED),
                        result("X", ProcessResults.Status.NOT_REACHED),
                        result("end", ProcessResults.Status.NOT_IN_SCENARIO)),
                List.of(),
                List.of(
                        flowResult("f1", ProcessResults.Status.PASSED),
                        flowResult("f2", ProcessResults.Status.FAILED)));
        Document doc = parse(ProcessDiagramSvg.draw(elements, flows, report));
        Map<String, String> expected = Map.of(
                "start",
                "gp-passed",
                "A",
                "gp-failed",
                "X",
                "gp-not-reached",
                "end",
                "gp-none",
                "f1",
                "gp-passed",
                "f2",
                "gp-failed",
                "f3",
                "gp-none");
        NodeList groups = doc.getElementsByTagName("g");
        int checked = 0;
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            String id = g.hasAttribute("data-element-id")
                    ? g.getAttribute("data-element-id")
                    : g.getAttribute("data-flow-id");
            if (expected.containsKey(id)) {
                assertThat(g.getAttribute("class").split(" ")).as(id).contains(expected.get(id));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(7);
        assertThat(doc.getDocumentElement().getTextContent()).contains("not in the scenario");
    }

    @Test
    void longNamesAreWrappedAndCut() {
        assertThat(ProcessDiagramSvg.wrap("Check the customer's credit score with the bureau", 14, 3))
                .containsExactly("Check the", "customer's", "credit score …");
        assertThat(ProcessDiagramSvg.wrap("Supercalifragilistic", 8, 4))
                .containsExactly("Supercal", "ifragili", "stic");
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static ProcessModel.Element shape(
            String id,
            ProcessModel.Category category,
            String type,
            String name,
            double x,
            double y,
            double w,
            double h) {
        return new ProcessModel.Element(
                id,
                type,
                category,
                name,
                null,
                "p",
                null,
                null,
                null,
                null,
                List.of(),
                Map.of(),
                new ProcessModel.Bounds(x, y, w, h));
    }

    static ProcessModel.Flow line(String id, String source, String target, double x1, double y1, double x2, double y2) {
        return new ProcessModel.Flow(
                id,
                "SEQUENCE",
                source,
                target,
                null,
                null,
                false,
                List.of(new ProcessModel.Point(x1, y1), new ProcessModel.Point(x2, y2)));
    }

    static ProcessResults.ElementResult result(String id, ProcessResults.Status status) {
        return new ProcessResults.ElementResult(id, "t", "TASK", id, status, 0, 0, 0);
    }

    static ProcessResults.FlowResult flowResult(String id, ProcessResults.Status status) {
        return new ProcessResults.FlowResult(id, "a", "b", null, status, 0, 0, 0);
    }
}
