package org.ipcsync.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.ipcsync.report.JUnitXml;
import org.ipcsync.report.Summary;
import org.ipcsync.scenario.CampaignResult;
import org.ipcsync.spec.Check;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.spec.Property;
import org.ipcsync.spec.TlcResult;
import org.ipcsync.spec.Verdict;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Verdicts written as JUnit XML and parsed back as a CI tool would: a disagreement is a failure element. */
class VerdictCasesTest {
    private static final Path DIR = Path.of("target", "verdict-cases-test");

    @Test
    void aDisagreeingCellIsAFailedCaseAndAgreeingOnesPass() throws Exception {
        Map<String, Summary.DesignResult> designs = LayerAgreement.combine(List.of(
                        new ModelVerdict(new Check(DesignCatalog.model("threaded"), Property.NO_LOST_WAKEUP, 2, 1), "holds", "holds", 9L, 3,
                                1.0, null),
                        new ModelVerdict(new Check(DesignCatalog.model("threaded"), Property.NO_COOKIE_CONFUSION, 2, 1), "violated",
                                "violated", 9L, 3, 1.0, null)),
                Map.of("threaded", new CampaignResult("threaded", 7, 0.2, "1/1", 10, 10, 1000, 10.0, List.of(
                        new CampaignResult.PropertyResult("NoLostWakeup", "violated", 10, 2, 5, List.of(), "cameras=2 stop-all", 0, null,
                                "./kit simulate --design threaded --scenario 'cameras=2 stop-all'", List.of(), 0, false),
                        new CampaignResult.PropertyResult("NoCookieConfusion", "violated", 10, 1, 5, List.of(), "cameras=2", 0, null,
                                null, List.of(), 0, false)))),
                Map.of(), LayerMap.load());

        Path file = JUnitXml.write(new JUnitXml.Suite(VerdictCases.CELL_SUITE, VerdictCases.cells(designs)), DIR,
                "2026-01-01T00:00:00Z");
        Document xml = parse(file);

        Element suite = xml.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("name")).isEqualTo("ipcsync.cells");
        assertThat(file.getFileName().toString()).isEqualTo("TEST-ipcsync.cells.xml");
        Element lost = testCase(xml, "ipcsync.cells.threaded", "NoLostWakeup");
        Element cookie = testCase(xml, "ipcsync.cells.threaded", "NoCookieConfusion");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(Integer.parseInt(suite.getAttribute("tests"))).isEqualTo(xml.getElementsByTagName("testcase").getLength());

        Element failure = (Element) lost.getElementsByTagName("failure").item(0);
        assertThat(failure).as("the disagreeing cell fails").isNotNull();
        assertThat(failure.getAttribute("message")).contains("the layers disagree", "TLC holds", "scenarios violated", "seed 7");
        assertThat(failure.getTextContent()).contains("replay: ./kit simulate --design threaded");
        assertThat(cookie.getElementsByTagName("failure").getLength()).as("the agreeing cell passes").isZero();
    }

    @Test
    void aTlcCheckFailsWithTheTablesReasonAndPassesOtherwise() throws Exception {
        Check check = new Check(DesignCatalog.model("threaded-no-notify"), Property.NO_LOST_WAKEUP, 2, 1);
        TlcResult r = new TlcResult(check, Verdict.HOLDS, false, 120, 7, 1.5, null, List.of(), Path.of("target", "tlc", "x"));
        Path file = JUnitXml.write(new JUnitXml.Suite(VerdictCases.TLC_SUITE, List.of(
                VerdictCases.tlc(r, Optional.of("TLC says holds, the table expects violated <&>")),
                VerdictCases.tlc(r, Optional.empty()))), DIR, "2026-01-01T00:00:00Z");
        Document xml = parse(file);

        NodeList cases = xml.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(2);
        Element failed = (Element) cases.item(0);
        assertThat(failed.getAttribute("classname")).isEqualTo("ipcsync.tlc.threaded-no-notify");
        assertThat(failed.getAttribute("name")).isEqualTo("NoLostWakeup N=2");
        assertThat(failed.getAttribute("time")).isEqualTo("1.500");
        assertThat(((Element) failed.getElementsByTagName("failure").item(0)).getAttribute("message"))
                .isEqualTo("TLC says holds, the table expects violated <&>");
        assertThat(((Element) cases.item(1)).getElementsByTagName("failure").getLength()).isZero();
        assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("1");
    }

    private static Document parse(Path file) throws Exception {
        assertThat(Files.readString(file)).startsWith("<?xml");
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static Element testCase(Document xml, String className, String name) {
        NodeList cases = xml.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("classname").equals(className) && c.getAttribute("name").equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no test case " + className + " / " + name);
    }
}
