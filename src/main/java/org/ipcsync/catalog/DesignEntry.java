package org.ipcsync.catalog;

import java.util.Objects;
import java.util.Optional;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.spec.Model;
import org.ipcsync.trace.EventMapping;

/**
 * Everything the kit knows about one design, under its one name: what kind of design it is, its
 * pipe (for a design the kit implements), its TLA+ configuration with what it is checked on and how
 * counterexamples are told ({@link Model}), its scenario campaign plan and its trace-validation
 * mapping. The rest of the kit iterates {@link DesignCatalog}; rows in {@code spec/expected-verdicts.csv}
 * and {@code spec/layer-notes.csv} use the same name. Immutable.
 *
 * @param name     the design's one name: {@code ./kit spec --design}, {@code ./kit simulate --design},
 *                 check ids, report headings and {@code summary.json} keys
 * @param kind     implemented, a model-only variant, or a mutant
 * @param base     the design a variant or mutant is a configuration of; empty for an implemented design
 * @param pipe     the pipe class and its libcamera timeout; present exactly for an implemented design
 * @param model    the TLA+ module, constants, checked properties and sizes, narration
 * @param campaign the scenario campaign plan; present exactly for an implemented design
 * @param trace    the recording-to-spec mapping of trace validation, when the module has a trace spec
 * @param summary  one line for help texts and reports
 */
public record DesignEntry(String name, Kind kind, Optional<String> base, Optional<PipeDesign> pipe, Model model,
                          Optional<CampaignPlan> campaign, Optional<EventMapping> trace, String summary) {
    /** What a design is to the kit. */
    public enum Kind {
        /** A design with a pipe class: both layers judge it. */
        IMPLEMENTED,
        /** Another configuration of a base design's model (a different caller setup): the model only. */
        MODEL_VARIANT,
        /** A base design's model with a deliberate bug: a sanity check that TLC finds it, not a matrix column. */
        MUTANT
    }

    public DesignEntry {
        Objects.requireNonNull(kind);
        if (!model.name().equals(name)) {
            throw new IllegalArgumentException(name + ": its model is named '" + model.name() + "'; one name per design");
        }
        pipe.ifPresent(p -> {
            if (!p.name().equals(name)) {
                throw new IllegalArgumentException(name + ": its pipe is named '" + p.name() + "'; one name per design");
            }
        });
        trace.ifPresent(t -> {
            if (t.model() != model) {
                throw new IllegalArgumentException(name + ": its trace mapping targets " + t.model().name());
            }
        });
    }

    /** An implemented design: its pipe, model, campaign plan and (when its module has a trace spec) trace mapping. */
    public static DesignEntry implemented(PipeDesign pipe, Model model, CampaignPlan campaign,
                                          Optional<EventMapping> trace, String summary) {
        return new DesignEntry(model.name(), Kind.IMPLEMENTED, Optional.empty(), Optional.of(pipe), model,
                Optional.of(campaign), trace, summary);
    }

    /** A model-only configuration of {@code base} (judged by TLC alone; its matrix column is one-sided). */
    public static DesignEntry variant(String base, Model model, String summary) {
        return new DesignEntry(model.name(), Kind.MODEL_VARIANT, Optional.of(base), Optional.empty(), model,
                Optional.empty(), Optional.empty(), summary);
    }

    /** A mutant of {@code base}: TLC must find the bug it plants. */
    public static DesignEntry mutant(String base, Model model, String summary) {
        return new DesignEntry(model.name(), Kind.MUTANT, Optional.of(base), Optional.empty(), model,
                Optional.empty(), Optional.empty(), summary);
    }

    /** True when the design x property matrix has a column for it (every design but mutants). */
    public boolean inMatrix() {
        return switch (kind) {
            case IMPLEMENTED, MODEL_VARIANT -> true;
            case MUTANT -> false;
        };
    }

    /** The pipe of an implemented design; throws, naming the design, for a model-only one. */
    public PipeDesign requirePipe() {
        return pipe.orElseThrow(() -> new IllegalArgumentException("design '" + name + "' is "
                + kind.name().toLowerCase().replace('_', ' ') + " of " + base.orElse("?")
                + " and has no pipe (designs with one: " + String.join(", ", DesignCatalog.pipeNames()) + ")"));
    }
}
