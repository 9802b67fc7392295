package org.ipcsync.libcamera;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.ipcsync.os.Errno;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.pipe.PipeOptions;

/**
 * The vimc IPA's real protocol through one pipe design, in the order libcamera 0.0.3 ran it for
 * {@code cam -c1 --capture=10} in the golden capture: init, configure, mapBuffers (two memfd
 * parameter buffers), start; ten queueRequest and ten fillParamsBuffer with cam's four requests
 * in flight; the ten paramsBufferReady events back; unmapBuffers, stop, exit; the worker must
 * then end with status 0. Every reply and event is decoded, and the run's messages are compared
 * with the capture. Threads: {@link #run} uses the calling thread as the camera manager thread.
 */
public final class VimcSession {
    static final int FRAMES = 10;
    /** Requests cam keeps queued: the capture queues four before the first fillParamsBuffer. */
    static final int IN_FLIGHT = 4;
    static final int PARAMS_BUFFER = 1;
    static final Duration EVENT_WAIT = Duration.ofSeconds(5);
    static final Duration EXIT_WAIT = Duration.ofSeconds(2);

    /** The messages of the run and their comparison with the capture. */
    public record Result(boolean passed, List<WireRecord> wire, GoldenCapture.Comparison golden) {}

    private final VimcWorker worker;

    public VimcSession(VimcWorker worker) {
        this.worker = worker;
    }

    public Result run(PipeDesign design, StepLog log) {
        CountDownLatch exited = new CountDownLatch(1);
        AtomicInteger status = new AtomicInteger(-1);
        List<WireRecord> wire = List.of();
        try (ParamBuffers buffers = new ParamBuffers(2);
                VimcProxy proxy = new VimcProxy(design.create(worker.command(), PipeOptions.defaults()))) {
            proxy.pipe().workerExited().connect(s -> {
                status.set(s);
                exited.countDown();
            });
            boolean ok = log.step("start " + worker.proxy().getFileName() + " " + worker.module().getFileName() + " <fd>",
                    proxy.pipe().isConnected() ? null : "the worker could not be started")
                    && log.step("init(" + worker.configurationFile() + ", '" + worker.sensorModel()
                            + "') returns 0 and Flag1", init(proxy))
                    && log.step("configure(BG24 1920x1080, 8 sensor controls) returns 0",
                            status(proxy, VimcCmd.CONFIGURE, VimcCodec.configure()))
                    && log.step("mapBuffers(2 memfd buffers of " + ParamBuffers.LENGTH + " bytes)",
                            empty(proxy, VimcCmd.MAP_BUFFERS, VimcCodec.mapBuffers(buffers.buffers())))
                    && log.step("start returns 0", status(proxy, VimcCmd.START, VimcCodec.none()))
                    && log.step(FRAMES + " queueRequest + " + FRAMES + " fillParamsBuffer (async)", frames(proxy))
                    && log.step(FRAMES + " paramsBufferReady(" + PARAMS_BUFFER + ", 0) events", events(proxy))
                    && log.step("unmapBuffers" + buffers.ids(),
                            empty(proxy, VimcCmd.UNMAP_BUFFERS, VimcCodec.unmapBuffers(buffers.ids())))
                    && log.step("stop", empty(proxy, VimcCmd.STOP, VimcCodec.none()))
                    && log.step("exit (async)", errno(proxy.send(VimcCmd.EXIT, VimcCodec.none())))
                    && log.step("worker exits with status 0", awaitExit(exited, status));
            wire = proxy.wire();
            GoldenCapture.Comparison golden = GoldenCapture.load().compare(wire);
            if (ok) {
                log.step("messages match the capture's structure (" + golden.compared() + " compared, "
                        + golden.differences().size() + " differences, " + golden.explained().size() + " explained)",
                        golden.matches() ? null : String.join("; ", golden.differences()));
                golden.explained().stream().distinct().limit(1).forEach(e -> log.note("explained: " + e
                        + " (" + golden.explained().size() + " messages)"));
            }
            return new Result(log.passed(), wire, golden);
        }
    }

    /** A reply or event that does not decode fails its step with the reason. */
    private static String decoded(Supplier<String> check) {
        try {
            return check.get();
        } catch (DataReader.MalformedMessage e) {
            return "does not decode: " + e.getMessage();
        }
    }

    private String init(VimcProxy proxy) {
        VimcProxy.CallResult r = proxy.call(VimcCmd.INIT,
                VimcCodec.init(worker.settings(), VimcCodec.OPERATION_INIT, VimcCodec.FLAG2));
        if (r.ret() != 0) {
            return "sendSync returned " + Errno.name(-r.ret());
        }
        return decoded(() -> {
            VimcCodec.InitReply reply = VimcCodec.initReply(r.reply().data());
            if (reply.ret() != 0) {
                return "the IPA returned " + reply.ret();
            }
            return reply.outFlags() == VimcCodec.FLAG1 ? null : "outFlags " + reply.outFlags();
        });
    }

    private static String status(VimcProxy proxy, VimcCmd cmd, VimcCodec.Encoded args) {
        VimcProxy.CallResult r = proxy.call(cmd, args);
        if (r.ret() != 0) {
            return "sendSync returned " + Errno.name(-r.ret());
        }
        return decoded(() -> {
            int ret = VimcCodec.statusReply(r.reply().data(), cmd);
            return ret == 0 ? null : "the IPA returned " + ret;
        });
    }

    private static String empty(VimcProxy proxy, VimcCmd cmd, VimcCodec.Encoded args) {
        VimcProxy.CallResult r = proxy.call(cmd, args);
        if (r.ret() != 0) {
            return "sendSync returned " + Errno.name(-r.ret());
        }
        return decoded(() -> {
            VimcCodec.emptyReply(r.reply().data(), cmd);
            return null;
        });
    }

    /** cam's order: four requests queued, then each fillParamsBuffer followed by the next request. */
    private static String frames(VimcProxy proxy) {
        int queued = 0;
        for (; queued < IN_FLIGHT; queued++) {
            int ret = proxy.send(VimcCmd.QUEUE_REQUEST, VimcCodec.queueRequest(queued));
            if (ret != 0) {
                return "queueRequest returned " + Errno.name(-ret);
            }
        }
        for (int frame = 0; frame < FRAMES; frame++) {
            int ret = proxy.send(VimcCmd.FILL_PARAMS_BUFFER, VimcCodec.fillParamsBuffer(frame, PARAMS_BUFFER));
            if (ret != 0) {
                return "fillParamsBuffer returned " + Errno.name(-ret);
            }
            if (queued < FRAMES) {
                ret = proxy.send(VimcCmd.QUEUE_REQUEST, VimcCodec.queueRequest(queued++));
                if (ret != 0) {
                    return "queueRequest returned " + Errno.name(-ret);
                }
            }
        }
        return null;
    }

    private static String events(VimcProxy proxy) {
        if (!proxy.awaitEvents(FRAMES, EVENT_WAIT)) {
            return proxy.events().size() + " events after " + EVENT_WAIT.toMillis() + " ms";
        }
        for (VimcProxy.Event e : proxy.events()) {
            if (e.header().cmd() != VimcCmd.EVENT_PARAMS_BUFFER_READY || e.header().cookie() != 0) {
                return "event " + e.header() + ", expected cmd " + VimcCmd.EVENT_PARAMS_BUFFER_READY + " cookie 0";
            }
            String wrong = decoded(() -> {
                VimcCodec.ParamsBufferReady p = VimcCodec.paramsBufferReady(e.args());
                return p.bufferId() == PARAMS_BUFFER && p.flags() == 0 ? null
                        : "paramsBufferReady(" + p.bufferId() + ", " + p.flags() + ")";
            });
            if (wrong != null) {
                return wrong;
            }
        }
        return proxy.events().size() == FRAMES ? null : proxy.events().size() + " events";
    }

    private static String errno(int ret) {
        return ret == 0 ? null : "returned " + Errno.name(-ret);
    }

    private static String awaitExit(CountDownLatch exited, AtomicInteger status) {
        try {
            if (!exited.await(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return "still running after " + EXIT_WAIT.toMillis() + " ms";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return status.get() == 0 ? null : "exit status " + status.get();
    }
}
