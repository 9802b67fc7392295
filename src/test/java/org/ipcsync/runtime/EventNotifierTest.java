package org.ipcsync.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.ipcsync.testing.EventFd;
import org.junit.jupiter.api.Test;

/** Notifiers run in the calling thread's loop: these tests drive processEvents() by hand. */
class EventNotifierTest {
    /** The test method's own thread's dispatcher (tests run in a thread of their own). */
    private EventDispatcher loop;

    private EventDispatcher loop() {
        if (loop == null) {
            loop = LoopThread.current().eventDispatcher();
        }
        return loop;
    }

    @Test
    void aReadableFdActivatesItsReadNotifierUntilItIsDrained() {
        try (EventFd source = new EventFd()) {
            EventNotifier notifier = new EventNotifier(source.fd, EventNotifier.Type.READ);
            List<Long> drained = new ArrayList<>();
            notifier.activated.connect(v -> drained.add(source.drain()));
            source.signal();
            source.signal();
            loop().processEvents();
            assertThat(drained).containsExactly(2L);
            notifier.close();
        }
    }

    @Test
    void aDisabledNotifierIsNotActivatedAndReEnablingCatchesUp() {
        try (EventFd source = new EventFd(); EventFd wake = new EventFd()) {
            EventNotifier notifier = new EventNotifier(source.fd, EventNotifier.Type.READ);
            EventNotifier waker = new EventNotifier(wake.fd, EventNotifier.Type.READ);
            List<String> log = new ArrayList<>();
            notifier.activated.connect(v -> log.add("source " + source.drain()));
            waker.activated.connect(v -> log.add("wake " + wake.drain()));
            notifier.setEnabled(false);
            source.signal();
            wake.signal();
            loop().processEvents();
            assertThat(log).containsExactly("wake 1");
            notifier.setEnabled(true);
            loop().processEvents();
            assertThat(log).containsExactly("wake 1", "source 1");
            notifier.close();
            waker.close();
        }
    }

    @Test
    void aWriteNotifierFiresWhenTheFdIsWritable() {
        try (EventFd fd = new EventFd()) {
            EventNotifier writable = new EventNotifier(fd.fd, EventNotifier.Type.WRITE);
            List<String> log = new ArrayList<>();
            writable.activated.connect(v -> {
                log.add("writable");
                writable.setEnabled(false);
            });
            loop().processEvents();
            assertThat(log).containsExactly("writable");
        }
    }

    @Test
    void readAndWriteNotifiersShareOneFdAndTwoForOneTypeAreRefused() {
        try (EventFd fd = new EventFd()) {
            EventNotifier read = new EventNotifier(fd.fd, EventNotifier.Type.READ);
            EventNotifier write = new EventNotifier(fd.fd, EventNotifier.Type.WRITE);
            List<String> log = new ArrayList<>();
            read.activated.connect(v -> log.add("read " + fd.drain()));
            write.activated.connect(v -> log.add("write"));
            fd.signal();
            loop().processEvents();
            assertThat(log).containsExactly("read 1", "write");
            assertThatThrownBy(() -> new EventNotifier(fd.fd, EventNotifier.Type.READ))
                    .hasMessageContaining("already has an enabled READ notifier");
            read.close();
            write.close();
        }
    }

    @Test
    void aNotifierFiresInsideANestedProcessEventsToo() {
        // In libcamera a video device's buffer notifier shares the loop of a spinning sendSync.
        try (EventFd device = new EventFd(); EventFd trigger = new EventFd()) {
            EventNotifier deviceNotifier = new EventNotifier(device.fd, EventNotifier.Type.READ);
            EventNotifier outer = new EventNotifier(trigger.fd, EventNotifier.Type.READ);
            List<String> log = new ArrayList<>();
            deviceNotifier.activated.connect(v -> log.add("buffer ready at depth " + loop().depth() + " " + device.drain()));
            outer.activated.connect(v -> {
                trigger.drain();
                log.add("outer slot at depth " + loop().depth());
                device.signal();
                loop().processEvents();
                log.add("outer slot returns");
            });
            trigger.signal();
            loop().processEvents();
            assertThat(log).containsExactly("outer slot at depth 1", "buffer ready at depth 2 1", "outer slot returns");
            deviceNotifier.close();
            outer.close();
        }
    }

    @Test
    void enablingFromAnotherThreadIsRefused() throws Exception {
        try (EventFd fd = new EventFd()) {
            EventNotifier notifier = new EventNotifier(fd.fd, EventNotifier.Type.READ);
            List<Throwable> failures = new ArrayList<>();
            java.lang.Thread other = new java.lang.Thread(() -> {
                try {
                    notifier.setEnabled(false);
                } catch (WrongThreadException e) {
                    failures.add(e);
                }
            });
            other.start();
            other.join(5000);
            assertThat(failures).hasSize(1);
            assertThat(notifier.isEnabled()).isTrue();
            notifier.close();
        }
    }
}
