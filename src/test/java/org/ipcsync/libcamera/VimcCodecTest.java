package org.ipcsync.libcamera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The codec reproduces libcamera 0.0.3's layout of the vimc calls, checked against the captured
 * traffic without a worker; and the golden comparison notices what differs.
 */
class VimcCodecTest {
    private static final VimcCodec.IpaSettings SETTINGS =
            new VimcCodec.IpaSettings("/usr/share/libcamera/ipa/vimc/vimc.conf", "Sensor B");

    @Test
    void initCarriesTheSettingsCodeAndFlagsBehindTheirSizeTable() {
        byte[] args = VimcCodec.init(SETTINGS, VimcCodec.OPERATION_INIT, VimcCodec.FLAG2).data();
        assertThat(args).hasSize(75);
        assertThat(HexFormat.of().formatHex(args)).startsWith("370000000400000004000000270000002f7573722f")
                .endsWith(HexFormat.of().formatHex("Sensor B".getBytes()) + "0100000002000000");
    }

    @Test
    void configureHasTheCapturedArgumentSizes() {
        byte[] args = VimcCodec.configure().data();
        assertThat(args).hasSize(490);
        assertThat(HexFormat.of().formatHex(args, 0, 12)).isEqualTo("4c000000280000006a010000");
        byte[] packet = VimcCodec.controlInfoMap(VimcCodec.SENSOR_CONTROLS, 1).toBytes();
        // header: version 1, handle 1, 8 entries, 334 bytes, data at 160, V4L2 id map
        assertThat(HexFormat.of().formatHex(packet, 0, 24)).isEqualTo("010000000100000008000000" + "4e010000a000000002000000");
    }

    @Test
    void mapBuffersPutsOneFdPerPlaneBesideTheArguments() {
        VimcCodec.Encoded e = VimcCodec.mapBuffers(List.of(
                new VimcCodec.IpaBuffer(1, List.of(new VimcCodec.Plane(40, 0, 57600))),
                new VimcCodec.IpaBuffer(2, List.of(new VimcCodec.Plane(41, 0, 57600)))));
        assertThat(e.data()).hasSize(92);
        assertThat(e.fds()).containsExactly(40, 41);
    }

    @Test
    void theCapturedRepliesAndEventsDecode() {
        assertThat(VimcCodec.initReply(HexFormat.of().parseHex("0000000001000000")))
                .isEqualTo(new VimcCodec.InitReply(0, VimcCodec.FLAG1));
        assertThat(VimcCodec.paramsBufferReady(HexFormat.of().parseHex("04000000040000000100000000000000")))
                .isEqualTo(new VimcCodec.ParamsBufferReady(1, 0));
        assertThat(VimcCodec.statusReply(new byte[4], VimcCmd.START)).isZero();
    }

    @Test
    void anInitReplyReadAsParamsBufferReadyIsRejected() {
        assertThatThrownBy(() -> VimcCodec.paramsBufferReady(HexFormat.of().parseHex("0000000001000000")))
                .isInstanceOf(DataReader.MalformedMessage.class).hasMessageContaining("[0, 1]");
    }

    @Test
    void theKitsSequenceBuiltOfflineMatchesTheCaptureAndADifferenceIsReported() {
        List<WireRecord> kit = offlineRun();
        GoldenCapture golden = GoldenCapture.load();
        GoldenCapture.Comparison c = golden.compare(kit);
        assertThat(c.compared()).isEqualTo(43);
        assertThat(c.differences()).isEmpty();
        assertThat(c.explained()).hasSize(10);

        kit.set(0, new WireRecord(WireRecord.Kind.SYNC_CALL, 1, 0, 83, 0,
                VimcCodec.init(new VimcCodec.IpaSettings("/usr/share/libcamera/ipa/VIMC/vimc.conf", "Sensor B"),
                        VimcCodec.OPERATION_INIT, VimcCodec.FLAG2).data()));
        kit.remove(kit.size() - 1);
        assertThat(golden.compare(kit).differences()).hasSize(2)
                .anySatisfy(d -> assertThat(d).contains("#1 Init: argument byte 41"))
                .anySatisfy(d -> assertThat(d).contains("calls: the capture has 27, the kit 26"));
    }

    /** The capture's 43 messages as the codec builds them, replies and events included. */
    private static List<WireRecord> offlineRun() {
        List<WireRecord> w = new ArrayList<>();
        int[] seq = {0};
        java.util.function.BiConsumer<VimcCmd, VimcCodec.Encoded> send = (cmd, e) -> w.add(new WireRecord(
                cmd.sync ? WireRecord.Kind.SYNC_CALL : WireRecord.Kind.ASYNC, cmd.code, seq[0]++,
                8 + e.data().length, e.fds().length, e.data()));
        java.util.function.BiConsumer<VimcCmd, byte[]> reply = (cmd, data) -> w.add(new WireRecord(
                WireRecord.Kind.REPLY, cmd.code, seq[0] - 1, 8 + data.length, 0, data));
        send.accept(VimcCmd.INIT, VimcCodec.init(SETTINGS, VimcCodec.OPERATION_INIT, VimcCodec.FLAG2));
        reply.accept(VimcCmd.INIT, HexFormat.of().parseHex("0000000001000000"));
        send.accept(VimcCmd.CONFIGURE, VimcCodec.configure());
        reply.accept(VimcCmd.CONFIGURE, new byte[4]);
        send.accept(VimcCmd.MAP_BUFFERS, VimcCodec.mapBuffers(List.of(
                new VimcCodec.IpaBuffer(1, List.of(new VimcCodec.Plane(40, 0, 57600))),
                new VimcCodec.IpaBuffer(2, List.of(new VimcCodec.Plane(41, 0, 57600))))));
        reply.accept(VimcCmd.MAP_BUFFERS, new byte[0]);
        send.accept(VimcCmd.START, VimcCodec.none());
        reply.accept(VimcCmd.START, new byte[4]);
        int queued = 0;
        for (; queued < 4; queued++) {
            send.accept(VimcCmd.QUEUE_REQUEST, VimcCodec.queueRequest(queued));
        }
        for (int frame = 0; frame < 10; frame++) {
            send.accept(VimcCmd.FILL_PARAMS_BUFFER, VimcCodec.fillParamsBuffer(frame, 1));
            w.add(new WireRecord(WireRecord.Kind.EVENT, 1, 0, 24, 0,
                    HexFormat.of().parseHex("04000000040000000100000000000000")));
            if (queued < 10) {
                send.accept(VimcCmd.QUEUE_REQUEST, VimcCodec.queueRequest(queued++));
            }
        }
        send.accept(VimcCmd.UNMAP_BUFFERS, VimcCodec.unmapBuffers(List.of(1, 2)));
        reply.accept(VimcCmd.UNMAP_BUFFERS, new byte[0]);
        send.accept(VimcCmd.STOP, VimcCodec.none());
        reply.accept(VimcCmd.STOP, new byte[0]);
        send.accept(VimcCmd.EXIT, VimcCodec.none());
        return w;
    }
}
