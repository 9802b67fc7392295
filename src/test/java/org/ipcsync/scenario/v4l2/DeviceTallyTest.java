package org.ipcsync.scenario.v4l2;

import static org.assertj.core.api.Assertions.assertThat;

import org.ipcsync.device.DequeuedBuffer;
import org.ipcsync.device.Fault;
import org.junit.jupiter.api.Test;

/** Counting what a node did: gaps count only while dropping, snapshots subtract per run. */
class DeviceTallyTest {
    private static DequeuedBuffer frame(long sequence, boolean error) {
        return new DequeuedBuffer(0, sequence, 0, 100, error);
    }

    @Test
    void sequenceGapsCountOnlyWhileADropFaultIsSetAndRestartWithEachStream() {
        DeviceTally t = new DeviceTally("/dev/video9");
        t.streaming();
        t.dequeued(frame(0, false));
        t.dequeued(frame(3, false)); // a starved queue skips too: not the fault's doing
        DeviceTally.Snapshot before = t.snapshot();
        t.injected(new Fault.DropFrames(50));
        t.dequeued(frame(5, false));
        t.streaming();
        t.dequeued(frame(0, true));
        t.dequeued(frame(2, false));
        DeviceTally.Snapshot run = t.snapshot().minus(before);
        assertThat(run.frames()).isEqualTo(3);
        assertThat(run.gapsWhileDropping()).isEqualTo(1 + 1);
        assertThat(run.errorFlagged()).isEqualTo(1);
        assertThat(run.injected()).containsOnlyKeys("drop");
        assertThat(run.observed("drop")).isTrue();
        assertThat(run.observed("error")).isTrue();
        assertThat(before.observed("drop")).isFalse();
    }

    @Test
    void refusedFaultsAreKeptApartFromInjectedOnes() {
        DeviceTally t = new DeviceTally("/dev/video0");
        t.refused(new Fault.Disconnect(), "EINVAL");
        t.dequeueFailed("ENODEV");
        DeviceTally.Snapshot s = t.snapshot();
        assertThat(s.injected("disconnect")).isZero();
        assertThat(s.refused()).containsEntry("disconnect (EINVAL)", 1L);
        assertThat(DeviceTally.kind(new Fault.DropFrames(30))).isEqualTo("drop");
    }
}
