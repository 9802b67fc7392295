package org.ipcsync.scenario;

import org.ipcsync.device.Fault;

/**
 * One step of a scenario's application script, after every camera was set up (init, configure,
 * start) and before the implicit teardown (stop what still runs, release everything). Immutable.
 */
public sealed interface Action {
    /** Text form, as in {@link Scenario#format()}. */
    String format();

    /** The camera the action concerns; 0 for actions about every camera. */
    default int camera() {
        return 0;
    }

    /** Let the cameras stream for {@code ms} unscaled milliseconds. */
    record Run(long ms) implements Action {
        public String format() {
            return "run=" + ms;
        }
    }

    /** One application thread per running camera calls stop() at once (the motivating report). */
    record StopAll() implements Action {
        public String format() {
            return "stop-all";
        }
    }

    record Stop(int camera) implements Action {
        public String format() {
            return "stop=" + camera;
        }
    }

    record Start(int camera) implements Action {
        public String format() {
            return "start=" + camera;
        }
    }

    /** Inject a device fault: {@code drop:P}, {@code error}, {@code disconnect}, {@code fatal}. */
    record DeviceFault(int camera, Fault fault) implements Action {
        public String format() {
            return "fault=" + camera + ":" + faultText(fault);
        }

        public static String faultText(Fault f) {
            if (f instanceof Fault.DropFrames d) {
                return "drop:" + d.percent();
            } else if (f instanceof Fault.ErrorFlag) {
                return "error";
            } else if (f instanceof Fault.Disconnect) {
                return "disconnect";
            }
            return "fatal";
        }

        static Fault parseFault(String text) {
            if (text.startsWith("drop:")) {
                return new Fault.DropFrames(Integer.parseInt(text.substring(5)));
            }
            return switch (text) {
                case "error" -> new Fault.ErrorFlag();
                case "disconnect" -> new Fault.Disconnect();
                case "fatal" -> new Fault.FatalStreamingError();
                default -> throw new IllegalArgumentException("unknown device fault '" + text
                        + "' (drop:P, error, disconnect, fatal)");
            };
        }
    }
}
