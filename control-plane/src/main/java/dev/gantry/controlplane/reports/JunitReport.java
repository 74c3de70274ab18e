package dev.gantry.controlplane.reports;

import dev.gantry.model.StepDetail;
import dev.gantry.model.StepStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.springframework.stereotype.Component;

/**
 * The run as JUnit XML, the format CI servers read: one {@code testsuite} per case, one
 * {@code testcase} per work item (each data row is a test of its own), failures with expected
 * and actual, earlier attempts of a retried step as {@code flakyFailure}/{@code flakyError}
 * (it passed on a retry) or {@code rerunFailure}/{@code rerunError} (it never passed), and
 * {@code properties} naming the run, its commit and branch.
 *
 * <p>Step details come in execution order, work item by work item, but JUnit nests test cases
 * in their case's suite; so each case's test cases are first spooled to a temporary file of
 * their own (one pass over Redis, bounded memory), then the suites are written one after the
 * other with their counts, and the files deleted.
 */
@Component
class JunitReport {
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private final ReportSource source;

    JunitReport(ReportSource source) {
        this.source = source;
    }

    private static final class Spool {
        final String name;
        final Path file;
        final Writer writer;
        final XMLStreamWriter xml;
        long tests;
        long failures;
        long errors;
        long skipped;
        long flaky;
        long micros;

        Spool(String name) throws IOException, XMLStreamException {
            this.name = name;
            this.file = Files.createTempFile("gantry-junit-", ".xml");
            this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            this.xml = XML.createXMLStreamWriter(writer);
        }
    }

    void write(ReportRun run, OutputStream out) throws IOException {
        Map<UUID, Spool> spools = new LinkedHashMap<>();
        try {
            for (ReportRun.CaseLine c : run.cases()) {
                spools.put(c.caseId(), new Spool(c.name()));
            }
            Set<String> quarantined = Set.copyOf(run.quarantined());
            Attempts attempts = new Attempts(group -> {
                StepDetail last = group.getLast();
                try {
                    Spool spool = spools.get(last.caseId());
                    if (spool == null) {
                        spool = new Spool(last.caseName());
                        spools.put(last.caseId(), spool);
                    }
                    testCase(run, spool, group, quarantined.contains(last.caseName()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (XMLStreamException e) {
                    throw new IllegalStateException(e);
                }
            });
            source.forEachStep(run.id(), null, attempts);
            attempts.finish();

            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            XMLStreamWriter xml = XML.createXMLStreamWriter(writer);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", Text.xmlSafe(run.suiteName()));
            long tests = 0, failures = 0, errors = 0, micros = 0;
            for (Spool s : spools.values()) {
                tests += s.tests;
                failures += s.failures;
                errors += s.errors;
                micros += s.micros;
            }
            xml.writeAttribute("tests", Long.toString(tests));
            xml.writeAttribute("failures", Long.toString(failures));
            xml.writeAttribute("errors", Long.toString(errors));
            xml.writeAttribute("time", Text.seconds(micros));
            for (Spool s : spools.values()) {
                s.xml.flush();
                s.xml.close();
                s.writer.close();
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testsuite");
                // named like its test cases' class, as Surefire writes it: consumers group by that name
                xml.writeAttribute("name", Text.xmlSafe(run.suiteName() + "." + s.name));
                xml.writeAttribute("tests", Long.toString(s.tests));
                xml.writeAttribute("failures", Long.toString(s.failures));
                xml.writeAttribute("errors", Long.toString(s.errors));
                xml.writeAttribute("skipped", Long.toString(s.skipped));
                xml.writeAttribute("time", Text.seconds(s.micros));
                if (run.startedAt() != null) {
                    xml.writeAttribute("timestamp", run.startedAt().toString());
                }
                xml.writeAttribute("id", run.id().toString());
                properties(xml, run, s, quarantined.contains(s.name));
                // the spooled test cases are already well-formed XML: copied as they are
                xml.writeCharacters("");
                xml.flush();
                try (Reader spooled = Files.newBufferedReader(s.file, StandardCharsets.UTF_8)) {
                    spooled.transferTo(writer);
                }
                xml.writeCharacters("\n  ");
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.flush();
            writer.flush();
        } catch (XMLStreamException e) {
            throw new IOException("writing the JUnit report failed", e);
        } finally {
            for (Spool s : spools.values()) {
                try {
                    s.writer.close();
                } catch (IOException ignored) {
                    // already closed
                }
                Files.deleteIfExists(s.file);
            }
        }
    }

    private static void properties(XMLStreamWriter xml, ReportRun run, Spool s, boolean quarantined)
            throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("properties");
        property(xml, "gantry.run.id", run.id().toString());
        property(xml, "gantry.run.status", run.status().name());
        property(xml, "gantry.run.url", run.statusUrl());
        property(xml, "gantry.suite", run.suiteName());
        property(xml, "gantry.environment", run.environmentName());
        property(xml, "gantry.trigger", run.trigger());
        property(xml, "gantry.commit", run.commitSha());
        property(xml, "gantry.branch", run.branch());
        property(xml, "gantry.flaky", Long.toString(s.flaky));
        if (quarantined) {
            property(xml, "gantry.quarantined", "true");
        }
        xml.writeCharacters("\n    ");
        xml.writeEndElement();
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        if (value == null) {
            return;
        }
        xml.writeCharacters("\n      ");
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", Text.xmlSafe(value));
    }

    private static void testCase(ReportRun run, Spool spool, List<StepDetail> attempts, boolean quarantined)
            throws XMLStreamException {
        StepDetail last = attempts.getLast();
        XMLStreamWriter xml = spool.xml;
        spool.tests++;
        spool.micros += last.durationMicros();
        xml.writeCharacters("\n    ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", Text.testName(last));
        xml.writeAttribute("classname", Text.xmlSafe(run.suiteName() + "." + spool.name));
        xml.writeAttribute("time", Text.seconds(last.durationMicros()));
        boolean passed = last.status().successful();
        // a quarantined case's failures are reported, but as skipped: they must not fail the build
        if (quarantined && !passed && last.status() != StepStatus.SKIPPED) {
            spool.skipped++;
            trouble(xml, "skipped", "quarantined: " + Text.message(last), null);
        } else {
            switch (last.status()) {
                case FAILED -> {
                    spool.failures++;
                    trouble(xml, "failure", Text.message(last), Text.exchange(last));
                }
                case ERRORED -> {
                    spool.errors++;
                    trouble(xml, "error", Text.message(last), Text.exchange(last));
                }
                case SKIPPED -> {
                    spool.skipped++;
                    trouble(xml, "skipped", Text.message(last), null);
                }
                case FLAKY -> spool.flaky++;
                case PASSED -> {}
            }
        }
        for (StepDetail earlier : attempts.subList(0, attempts.size() - 1)) {
            boolean error = earlier.status() == StepStatus.ERRORED;
            String element = passed ? (error ? "flakyError" : "flakyFailure") : (error ? "rerunError" : "rerunFailure");
            xml.writeCharacters("\n      ");
            xml.writeStartElement(element);
            xml.writeAttribute("message", Text.xmlSafe("attempt " + earlier.attempt() + ": " + Text.message(earlier)));
            xml.writeAttribute("type", error ? "StepError" : "AssertionFailure");
            xml.writeStartElement("stackTrace");
            xml.writeCharacters(Text.xmlSafe(Text.exchange(earlier)));
            xml.writeEndElement();
            xml.writeEndElement();
        }
        if (!passed) {
            xml.writeCharacters("\n      ");
            xml.writeStartElement("system-out");
            xml.writeCharacters(Text.xmlSafe(last.method() + " " + last.url() + " (attempt " + last.attempt() + ")"));
            xml.writeEndElement();
        }
        xml.writeCharacters("\n    ");
        xml.writeEndElement();
    }

    private static void trouble(XMLStreamWriter xml, String element, String message, String body)
            throws XMLStreamException {
        xml.writeCharacters("\n      ");
        xml.writeStartElement(element);
        xml.writeAttribute("message", Text.xmlSafe(message));
        if (!element.equals("skipped")) {
            xml.writeAttribute("type", element.equals("error") ? "StepError" : "AssertionFailure");
        }
        if (body != null) {
            xml.writeCharacters(Text.xmlSafe(body));
        }
        xml.writeEndElement();
    }
}
