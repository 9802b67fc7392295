package org.ipcsync.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Verdicts as CI test results: one Surefire-style {@code TEST-<suite>.xml} per suite, the format
 * Jenkins, GitLab and GitHub test-report actions read. A case with a failure message failed; the
 * message is the one-line reason, the detail goes into the failure's text. Stateless.
 */
public final class JUnitXml {
    /**
     * One test case.
     *
     * @param className the group CI tools show it under (Surefire: the test class)
     * @param name      the case within the group
     * @param failure   why it failed, or null when it passed
     * @param detail    more text for a failure (where to look), or null
     * @param output    text kept as the case's system-out (e.g. a note), or null
     */
    public record Case(String className, String name, double seconds, String failure, String detail, String output) {
        public static Case passed(String className, String name, double seconds, String output) {
            return new Case(className, name, seconds, null, null, output);
        }

        public boolean failed() {
            return failure != null;
        }
    }

    /** A named list of cases, written as one file. */
    public record Suite(String name, List<Case> cases) {
        public Suite {
            cases = List.copyOf(cases);
        }

        public long failures() {
            return cases.stream().filter(Case::failed).count();
        }

        public double seconds() {
            return cases.stream().mapToDouble(Case::seconds).sum();
        }
    }

    private JUnitXml() {}

    /** Writes {@code dir/TEST-<suite name>.xml} and returns its path. */
    public static Path write(Suite suite, Path dir, String timestamp) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("TEST-" + suite.name() + ".xml");
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", suite.name());
            x.writeAttribute("tests", Integer.toString(suite.cases().size()));
            x.writeAttribute("failures", Long.toString(suite.failures()));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", "0");
            x.writeAttribute("time", seconds(suite.seconds()));
            x.writeAttribute("timestamp", timestamp);
            x.writeCharacters("\n");
            for (Case c : suite.cases()) {
                x.writeCharacters("  ");
                x.writeStartElement("testcase");
                x.writeAttribute("classname", c.className());
                x.writeAttribute("name", c.name());
                x.writeAttribute("time", seconds(c.seconds()));
                if (c.failed()) {
                    x.writeStartElement("failure");
                    x.writeAttribute("message", c.failure());
                    x.writeAttribute("type", "verdict");
                    x.writeCharacters(c.detail() == null ? c.failure() : c.failure() + "\n" + c.detail());
                    x.writeEndElement();
                }
                if (c.output() != null) {
                    x.writeStartElement("system-out");
                    x.writeCharacters(c.output());
                    x.writeEndElement();
                }
                x.writeEndElement();
                x.writeCharacters("\n");
            }
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
