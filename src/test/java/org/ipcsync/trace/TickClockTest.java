package org.ipcsync.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the model's ticks fall: at recorded deadlines, never a tick early (the nested rejection of issue 12). */
class TickClockTest {
    @Test
    void aTimerRunsOutOnItsDeadlineNotAtAnEarlierGridLine() {
        // Nested (Deadline = 2 ticks): sent at 900, deadline 1300, still open at 1500; a datagram read at 1250,
        // before the deadline, must be in the tick before the timer's second one.
        TickClock c = TickClock.forTimers(2, List.of(new TickClock.Timer(900, 1300, 1500)), List.of(900L, 1250L, 1500L),
                List.of(), List.of());
        assertEquals(List.of(1075L, 1300L), c.boundariesUs());
        assertEquals(0, c.tick(900));
        assertEquals(1, c.tick(1250));
        assertEquals(2, c.tick(1300));
        assertEquals(0, c.conflicts());
    }

    @Test
    void aCallAnsweredInTimeSeesNoBoundaryAndOverlappingTimersShareThem() {
        // Two nested timers 50 apart both run out; a third call returns quickly. The extra boundary of
        // the first goes before the second's send, so each sees exactly two.
        List<TickClock.Timer> timers = List.of(new TickClock.Timer(0, 400, 450), new TickClock.Timer(50, 450, 460),
                new TickClock.Timer(10, 410, 12));
        TickClock c = TickClock.forTimers(2, timers, List.of(0L, 10L, 12L, 50L, 450L, 460L), List.of(), List.of());
        assertEquals(0, c.conflicts(), c.describe());
        assertEquals(3, c.boundariesUs().size(), c.describe());
        assertEquals(0, c.tick(12));
        assertEquals(2, c.tick(449));
        assertEquals(3, c.tick(450));
    }

    @Test
    void theExtraBoundaryGoesWhereTheCameraManagerSlept() {
        // The longest gap between events (20..300) is not a sleep: a post waited in the queue there.
        TickClock c = TickClock.forTimers(2, List.of(new TickClock.Timer(0, 400, 500)), List.of(0L, 20L, 300L, 500L),
                List.of(new TickClock.Sleep(300, 380)), List.of());
        assertEquals(List.of(340L, 400L), c.boundariesUs());
    }

    @Test
    void heldTimeIsCutOut() {
        TickClock c = TickClock.forTimers(1, List.of(new TickClock.Timer(0, 100, 500)), List.of(0L, 100L, 500L),
                List.of(), List.of(new TickClock.Hold(100, 300)));
        assertEquals(List.of(100L), c.boundariesUs());
        assertEquals(1, c.tick(350));
        assertEquals(0, c.tick(99));
    }
}
