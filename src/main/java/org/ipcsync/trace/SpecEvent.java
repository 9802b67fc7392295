package org.ipcsync.trace;

/**
 * One recorded event, said in the spec's words: the visible action of the design's TLA+ spec it
 * must be matched by, and what that action must agree with. The field set is the same for every
 * kind (unused fields hold neutral values) because TLC compares the records of one sequence.
 *
 * @param ev     post, send, match, recv, deliver, device or return (see the trace spec's header)
 * @param camera the camera (pipe) the event belongs to
 * @param cookie send: the request's cookie; match and recv: the datagram's cookie
 * @param kind   match and recv: the datagram's kind, "reply" or "event"; else "none"
 * @param depth  send and deliver: the processEvents depth of the thread that ran it; else 0
 * @param thread send: the spec's name of the calling thread ("cm", "caller", "appN"), else "none"
 * @param status return: "ok", "timeout" or "error"; else "none"
 * @param chained send: the call is not the first its application invocation makes (stop, then
 *               unmapBuffers in the same invocation); return: the invocation makes another call next
 * @param early  post: how many recorded events right before it were stamped within
 *               {@link CallMapping#POST_SLACK_US} of it, so the post may have reached the queue
 *               before them (the trace spec's PostEarly); else 0
 * @param us     when it was recorded, microseconds since the recording started
 * @param tick   {@code us} in the model's ticks (see {@link TickClock})
 * @param source what in the recording it came from, for reports
 */
public record SpecEvent(String ev, int camera, int cookie, String kind, int depth, String thread, String status,
                        boolean chained, int early, long us, long tick, String source) {
    public static final String NONE = "none";

    /** The same event at a model tick. */
    SpecEvent at(long modelTick) {
        return new SpecEvent(ev, camera, cookie, kind, depth, thread, status, chained, early, us, modelTick, source);
    }

    /** The same post, allowed to reach the queue {@code n} recorded events early. */
    SpecEvent early(int n) {
        return new SpecEvent(ev, camera, cookie, kind, depth, thread, status, chained, n, us, tick, source);
    }

    public String describe() {
        StringBuilder sb = new StringBuilder(ev).append(" camera ").append(camera);
        if (!ev.equals("return") && !ev.equals("deliver")) {
            sb.append(" cookie ").append(cookie);
        }
        if (!kind.equals(NONE)) {
            sb.append(" (").append(kind).append(')');
        }
        if (!status.equals(NONE)) {
            sb.append(" status ").append(status);
        }
        if (chained) {
            sb.append(ev.equals("send") ? " (continuing its invocation)" : " (its invocation goes on)");
        }
        if (depth > 0) {
            sb.append(" depth ").append(depth);
        }
        if (!thread.equals(NONE)) {
            sb.append(" on ").append(thread);
        }
        return sb.append(" at ").append(us).append(" us (tick ").append(tick).append("): ").append(source).toString();
    }
}
