package org.ipcsync.runtime;

/**
 * One observation from the runtime's instrumentation. {@code nanos} is {@link System#nanoTime()}
 * (monotonic, comparable across threads of one JVM); {@code depth} is the thread's
 * {@code processEvents()} nesting depth at the time (1 = the outermost call).
 *
 * @param subject the message, notifier or timer concerned, or null
 * @param detail  kind-specific: the wake-up cause for {@link Kind#POLL_UNBLOCK}, the poll
 *                timeout in ms (-1 = none) for {@link Kind#POLL_BLOCK} and
 *                {@link Kind#FD_POLL_BLOCK}, the message recursion depth for dispatch events
 */
public record RuntimeEvent(Kind kind, long nanos, long threadId, String threadName, int depth,
                           Object subject, Object detail) {

    public enum Kind {
        PROCESS_EVENTS_ENTER,
        PROCESS_EVENTS_EXIT,
        DISPATCH_BEGIN,
        DISPATCH_END,
        POLL_BLOCK,
        POLL_UNBLOCK,
        NOTIFIER_ACTIVATED,
        TIMER_EXPIRED,
        /**
         * A thread blocks in poll() on one fd of its own, outside its event dispatcher (see
         * {@link FdPoll}): nothing else of the thread's loop (messages, other notifiers, timers)
         * can wake it. Subject: the fd.
         */
        FD_POLL_BLOCK,
        /** That poll returned; detail: the {@link WakeCause} (readyNotifiers = 1 when the fd was ready). */
        FD_POLL_UNBLOCK
    }

    /** Why a blocked poll returned. More than one can hold at once. */
    public record WakeCause(boolean interrupt, int readyNotifiers, boolean timeout) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            if (interrupt) s.append("interrupt ");
            if (readyNotifiers > 0) s.append(readyNotifiers).append(" fd ");
            if (timeout) s.append("timer-deadline ");
            return s.length() == 0 ? "nothing" : s.toString().trim();
        }
    }
}
