package org.ipcsync.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A thread with its own event loop and message queue: libcamera's {@code Thread}.
 *
 * <p>Threads: {@link #start}, {@link #exit}, {@link #waitFor}, {@link #postMessage} and
 * {@link #removeMessages} are safe from any thread. {@link #exec} and {@link #dispatchMessages}
 * run only in this thread. A Java thread not created by the kit (a test or application thread)
 * is adopted on its first {@link #current()} call and gets a LoopThread of its own, so it can
 * run {@code processEvents()} too; libcamera instead lets every foreign thread share the main
 * thread's data, which only matters for code that exchanges messages between two foreign threads.
 */
public class LoopThread {
    private static final ThreadLocal<LoopThread> CURRENT = new ThreadLocal<>();

    private final String name;
    private final boolean adopted;

    /** Guards running/stopped/javaThread/dispatcher creation; waiters in waitFor() use it as a monitor. */
    private final Object stateLock = new Object();
    private java.lang.Thread javaThread;
    private boolean running;
    /** Set once finishThread() released everything; what waitFor() waits for. */
    private boolean finishedFully = true;
    private volatile EventDispatcher dispatcher;

    /** Guards messages; the owner thread alone iterates and compacts, others only append or null out. */
    private final ReentrantLock messagesLock = new ReentrantLock();
    private final ArrayList<Message> messages = new ArrayList<>();
    /** Recursion depth of dispatchMessages(); only the owner thread touches it, under messagesLock. */
    private int dispatchRecursion;

    private volatile boolean exit;
    private volatile int exitCode = -1;

    /** Emitted in this thread after its loop returned, before waitFor() wakes up. */
    public final Signal<Void> finished = new Signal<>();

    public LoopThread(String name) {
        this.name = Objects.requireNonNull(name);
        this.adopted = false;
    }

    private LoopThread(java.lang.Thread foreign) {
        this.name = foreign.getName();
        this.adopted = true;
        this.javaThread = foreign;
        this.running = true;
    }

    /** The LoopThread of the calling Java thread, adopting it if it has none yet. */
    public static LoopThread current() {
        LoopThread t = CURRENT.get();
        if (t == null) {
            t = new LoopThread(java.lang.Thread.currentThread());
            CURRENT.set(t);
        }
        return t;
    }

    public String name() {
        return name;
    }

    /** The Java thread running this loop, or null before the first start. */
    public java.lang.Thread javaThread() {
        synchronized (stateLock) {
            return javaThread;
        }
    }

    public void start() {
        if (adopted) {
            throw new IllegalStateException("thread " + name + " was adopted and cannot be started");
        }
        synchronized (stateLock) {
            if (running) {
                return;
            }
            running = true;
            finishedFully = false;
            exit = false;
            exitCode = -1;
            javaThread = new java.lang.Thread(this::startThread, name);
            javaThread.setDaemon(true);
            javaThread.start();
        }
    }

    private void startThread() {
        CURRENT.set(this);
        try {
            run();
        } finally {
            finishThread();
        }
    }

    private void finishThread() {
        synchronized (stateLock) {
            running = false;
        }
        try {
            finished.emit();
        } finally {
            EventDispatcher d;
            synchronized (stateLock) {
                d = dispatcher;
                dispatcher = null;
            }
            if (d != null) {
                d.close();
            }
            CURRENT.remove();
            synchronized (stateLock) {
                finishedFully = true;
                stateLock.notifyAll();
            }
        }
    }

    /** The thread body; runs {@link #exec()} unless overridden. */
    protected void run() {
        exec();
    }

    /** Runs the event loop until {@link #exit} is called; returns the exit code. Only from this thread. */
    public int exec() {
        requireCurrent("exec");
        EventDispatcher d = eventDispatcher();
        while (!exit) {
            d.processEvents();
        }
        exit = false;
        return exitCode;
    }

    /** Makes {@link #exec()} return {@code code} after the current processEvents() pass. Any thread. */
    public void exit(int code) {
        exitCode = code;
        exit = true;
        EventDispatcher d = dispatcher;
        if (d != null) {
            d.interrupt();
        }
    }

    public void exit() {
        exit(0);
    }

    public boolean isRunning() {
        synchronized (stateLock) {
            return running;
        }
    }

    /**
     * libcamera's {@code Thread::wait()}: waits until the thread finished (its dispatcher closed),
     * at most {@code timeout}. Returns false on timeout. Any thread but this one.
     */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.lang.Thread t;
        synchronized (stateLock) {
            while (!finishedFully) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                stateLock.wait(Math.max(1, left / 1_000_000));
            }
            t = adopted ? null : javaThread;
        }
        if (t != null) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            return !t.isAlive();
        }
        return true;
    }

    /** This thread's dispatcher, created on first use. */
    public EventDispatcher eventDispatcher() {
        EventDispatcher d = dispatcher;
        if (d != null) {
            return d;
        }
        synchronized (stateLock) {
            if (dispatcher == null) {
                dispatcher = new EventDispatcher(this);
            }
            return dispatcher;
        }
    }

    /** The dispatcher if one exists, without creating it. */
    EventDispatcher existingDispatcher() {
        return dispatcher;
    }

    /** Queues {@code message} for {@code receiver} (which must live in this thread) and wakes the loop. */
    public void postMessage(Message message, BoundObject receiver) {
        message.setReceiver(receiver);
        messagesLock.lock();
        try {
            if (receiver.thread() != this) {
                throw new WrongThreadException("message for an object of thread " + receiver.thread().name
                        + " posted to thread " + name);
            }
            messages.add(message);
            receiver.pendingMessages.incrementAndGet();
        } finally {
            messagesLock.unlock();
        }
        EventDispatcher d = dispatcher;
        if (d != null) {
            d.interrupt();
        }
    }

    /** Dispatches every queued message (of {@code type}, or all when null). Only from this thread. */
    public void dispatchMessages(Message.Type type) {
        requireCurrent("dispatchMessages");
        messagesLock.lock();
        int recursion = ++dispatchRecursion;
        try {
            // Indexes stay valid while any level is iterating: nested levels only null entries out,
            // other threads only append, and compaction waits for the outermost level.
            for (int i = 0; i < messages.size(); i++) {
                Message m = messages.get(i);
                if (m == null || (type != null && m.type() != type)) {
                    continue;
                }
                messages.set(i, null);
                BoundObject receiver = m.receiver();
                receiver.pendingMessages.decrementAndGet();
                messagesLock.unlock();
                try {
                    deliver(m, receiver, recursion);
                } finally {
                    messagesLock.lock();
                }
            }
        } finally {
            if (--dispatchRecursion == 0) {
                messages.removeIf(Objects::isNull);
            }
            messagesLock.unlock();
        }
    }

    private void deliver(Message m, BoundObject receiver, int recursion) {
        if (!Instrumentation.enabled()) {
            receiver.message(m);
            return;
        }
        int depth = processEventsDepth();
        Instrumentation.emit(RuntimeEvent.Kind.DISPATCH_BEGIN, depth, m, recursion);
        try {
            receiver.message(m);
        } finally {
            Instrumentation.emit(RuntimeEvent.Kind.DISPATCH_END, depth, m, recursion);
        }
    }

    int processEventsDepth() {
        EventDispatcher d = dispatcher;
        return d == null ? 0 : d.depth();
    }

    /** Drops every queued message for {@code receiver}. Any thread. */
    public void removeMessages(BoundObject receiver) {
        messagesLock.lock();
        try {
            for (int i = 0; i < messages.size(); i++) {
                Message m = messages.get(i);
                if (m != null && m.receiver() == receiver) {
                    messages.set(i, null);
                    receiver.pendingMessages.decrementAndGet();
                }
            }
        } finally {
            messagesLock.unlock();
        }
    }

    /** Moves {@code object}'s queued messages from its current thread to this one. */
    void moveObject(BoundObject object) {
        LoopThread from = object.thread();
        // Moves are rare; serialising them makes the two-lock order irrelevant.
        synchronized (LoopThread.class) {
            from.messagesLock.lock();
            messagesLock.lock();
            try {
                for (int i = 0; i < from.messages.size(); i++) {
                    Message m = from.messages.get(i);
                    if (m != null && m.receiver() == object) {
                        from.messages.set(i, null);
                        messages.add(m);
                    }
                }
                object.setThread(this);
            } finally {
                messagesLock.unlock();
                from.messagesLock.unlock();
            }
        }
        EventDispatcher d = dispatcher;
        if (d != null) {
            d.interrupt();
        }
    }

    void requireCurrent(String what) {
        if (CURRENT.get() != this) {
            throw new WrongThreadException(what + " must run in thread " + name);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
