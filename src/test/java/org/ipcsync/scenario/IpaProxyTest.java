package org.ipcsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.ipcsync.ipa.IpaCodec;
import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.pipe.IPCPipe;
import org.ipcsync.runtime.Signal;
import org.ipcsync.wire.IPCMessage;
import org.junit.jupiter.api.Test;

/** The proxy, not the pipe, speaks IPA commands: Exit goes out from the proxy's close, as libcamera's proxy destructor sends it. */
class IpaProxyTest {
    /** A pipe that answers every sync call with status 0 and writes down what it was asked to do. */
    private static final class TapePipe implements IPCPipe {
        final List<String> tape = new ArrayList<>();
        private final Signal<IPCMessage> recv = new Signal<>("recv");
        private final Signal<Integer> exited = new Signal<>("finished");

        @Override
        public int sendSync(IPCMessage in, IPCMessage out) {
            tape.add("sync cmd " + in.header().cmd() + " cookie " + in.header().cookie());
            out.set(in.header(), IpaCodec.u32s(0), new int[0]);
            return 0;
        }

        @Override
        public int sendAsync(IPCMessage in) {
            tape.add("async cmd " + in.header().cmd() + " cookie " + in.header().cookie());
            return 0;
        }

        @Override
        public Signal<IPCMessage> recv() {
            return recv;
        }

        @Override
        public Signal<Integer> workerExited() {
            return exited;
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public void close() {
            tape.add("close");
        }
    }

    @Test
    void closeSendsExitWithTheNextCookieThenClosesThePipe() {
        TapePipe pipe = new TapePipe();
        IpaProxy proxy = new IpaProxy(0, pipe, null);
        assertThat(proxy.init(0)).isCompletedWithValue(0);
        assertThat(proxy.start()).isCompletedWithValue(0);
        proxy.close();
        assertThat(pipe.tape).containsExactly("sync cmd " + IpaCommand.INIT.code + " cookie 0",
                "sync cmd " + IpaCommand.START.code + " cookie 1", "async cmd " + IpaCommand.EXIT.code + " cookie 2",
                "close");
    }
}
