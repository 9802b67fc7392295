package org.ipcsync.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ipcsync.report.Agreement;
import org.ipcsync.report.JUnitXml;
import org.ipcsync.report.Summary;
import org.ipcsync.spec.TlcResult;

/**
 * The verdicts of a verify run as JUnit test cases: one per TLC check (fails when TLC's verdict
 * is not the expected table's) and one per (design, property) cell of the matrix (fails when the
 * two layers judge it differently). Case names are stable across runs, so CI tools can track a
 * cell's history. Stateless.
 */
public final class VerdictCases {
    /** Suite of the TLC checks: {@code reports/junit/TEST-ipcsync.tlc.xml}. */
    public static final String TLC_SUITE = "ipcsync.tlc";
    /** Suite of the matrix cells: {@code reports/junit/TEST-ipcsync.cells.xml}. */
    public static final String CELL_SUITE = "ipcsync.cells";

    private VerdictCases() {}

    /** The case of one TLC check; {@code disagreement} is the table's complaint, if any. */
    public static JUnitXml.Case tlc(TlcResult r, Optional<String> disagreement) {
        String className = TLC_SUITE + "." + r.check().design().name();
        String name = r.check().property().tlaName() + " N=" + r.check().cameras();
        String out = r.verdict().word() + ", " + r.distinctStates() + " states, depth " + r.depth();
        return disagreement.map(why -> new JUnitXml.Case(className, name, r.seconds(), why, "TLC output: "
                        + r.runDir().resolve("tlc.out"), out))
                .orElseGet(() -> JUnitXml.Case.passed(className, name, r.seconds(), out));
    }

    /** One case per cell of the matrix, in matrix order. */
    public static List<JUnitXml.Case> cells(Map<String, Summary.DesignResult> designs) {
        List<JUnitXml.Case> cases = new ArrayList<>();
        designs.forEach((design, result) -> result.properties().forEach((property, cell) -> {
            String className = CELL_SUITE + "." + design;
            String verdicts = "TLC " + cell.tlc().verdict() + ", scenarios " + cell.scenarios().verdict() + " ("
                    + cell.agreement() + ")";
            if (Agreement.DISAGREE.equals(cell.agreement())) {
                String detail = cell.scenarios().shrunk() == null ? null : "replay: " + cell.scenarios().shrunk();
                cases.add(new JUnitXml.Case(className, property, 0, "the layers disagree: " + verdicts
                        + "; tries " + cell.scenarios().tries() + ", seed " + cell.scenarios().seed(), detail, note(cell)));
            } else {
                String note = note(cell);
                cases.add(JUnitXml.Case.passed(className, property, 0, note == null ? verdicts : verdicts + "\n" + note));
            }
        }));
        return cases;
    }

    private static String note(Summary.PropertyResult cell) {
        String n = cell.tlc().note() != null ? cell.tlc().note() : cell.scenarios().note();
        return n == null || n.isBlank() ? null : n;
    }
}
