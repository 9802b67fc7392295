package org.ipcsync.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class MessageTest {
    /** Records the messages it receives, in the order its thread dispatched them. */
    static final class Recorder extends BoundObject {
        final List<String> log = new CopyOnWriteArrayList<>();

        @Override
        protected void message(Message message) {
            if (message instanceof Note note) {
                log.add(note.text + "@" + LoopThread.current().name());
                note.onReceive.run();
            }
            super.message(message);
        }
    }

    static final class Note extends Message {
        final String text;
        final Runnable onReceive;

        Note(String text, Runnable onReceive) {
            super(Type.USER);
            this.text = text;
            this.onReceive = onReceive;
        }

        Note(String text) {
            this(text, () -> { });
        }
    }

    @Test
    void postedMessagesAreDispatchedInOrderInTheReceiversThread() throws Exception {
        LoopThread t = new LoopThread("msg-loop");
        Recorder r = new Recorder();
        r.moveToThread(t);
        for (int i = 0; i < 5; i++) {
            r.postMessage(new Note("m" + i));
        }
        t.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> r.log.size() == 5);
            assertThat(r.log).containsExactly("m0@msg-loop", "m1@msg-loop", "m2@msg-loop", "m3@msg-loop", "m4@msg-loop");
        } finally {
            t.exit();
            assertThat(t.waitFor(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void removedMessagesAreNeverDispatched() throws Exception {
        LoopThread t = new LoopThread("msg-remove");
        Recorder removed = new Recorder();
        Recorder kept = new Recorder();
        removed.moveToThread(t);
        kept.moveToThread(t);
        removed.postMessage(new Note("gone"));
        kept.postMessage(new Note("first"));
        removed.postMessage(new Note("gone-too"));
        t.removeMessages(removed);
        kept.postMessage(new Note("last"));
        t.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> kept.log.size() == 2);
            // A blocking round trip guarantees every earlier message has been dispatched.
            kept.invokeMethod("sync", () -> { }, ConnectionType.BLOCKING);
            assertThat(kept.log).containsExactly("first@msg-remove", "last@msg-remove");
            assertThat(removed.log).isEmpty();
        } finally {
            t.exit();
            assertThat(t.waitFor(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void aNestedProcessEventsDispatchesAMessagePostedByTheOuterLevel() {
        Recorder r = new Recorder();
        List<String> log = r.log;
        List<Integer> depthOfInner = new ArrayList<>();
        r.postMessage(new Note("outer", () -> {
            r.postMessage(new Note("inner", () -> depthOfInner.add(LoopThread.current().eventDispatcher().depth())));
            log.add("outer:nesting");
            LoopThread.current().eventDispatcher().interrupt();
            LoopThread.current().eventDispatcher().processEvents();
            log.add("outer:returned");
            // The nested pass drained the interrupt; give the outer pass's poll something to return on.
            LoopThread.current().eventDispatcher().interrupt();
        }));
        String me = LoopThread.current().name();
        LoopThread.current().eventDispatcher().interrupt();
        LoopThread.current().eventDispatcher().processEvents();

        assertThat(log).containsExactly("outer@" + me, "outer:nesting", "inner@" + me, "outer:returned");
        assertThat(depthOfInner).containsExactly(2);
    }

    @Test
    void dispatchSurvivesRecursionAndNeverRunsAMessageTwice() {
        Recorder r = new Recorder();
        String me = LoopThread.current().name();
        // Both queued before the pass starts: the nested level takes "second", the outer level
        // must skip it when it resumes.
        r.postMessage(new Note("first", () -> LoopThread.current().dispatchMessages(null)));
        r.postMessage(new Note("second"));
        r.postMessage(new Note("third"));
        LoopThread.current().dispatchMessages(null);
        assertThat(r.log).containsExactly("first@" + me, "second@" + me, "third@" + me);
        LoopThread.current().dispatchMessages(null);
        assertThat(r.log).hasSize(3);
    }
}
