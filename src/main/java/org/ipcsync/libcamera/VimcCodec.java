package org.ipcsync.libcamera;

import java.util.ArrayList;
import java.util.List;

/**
 * Arguments, replies and events of libcamera 0.0.3's vimc IPA interface in the layout its
 * generated proxy and worker use (IPADataSerializer, see {@link DataWriter}): what
 * {@code IPAProxyVimc} sends for each call and how the replies and the ParamsBufferReady event
 * read. Learnt from the generated {@code vimc_ipa_interface.h}, libcamera's serializer and a
 * capture of real traffic; written independently. Stateless; safe from any thread.
 *
 * <pre>
 *   init(IPASettings{configurationFile, sensorModel}, code, inFlags)  reply: i32 ret, u32 outFlags
 *   configure(IPACameraSensorInfo, map streamConfig, map entityControls)   reply: i32 ret
 *   start()                                                            reply: i32 ret
 *   stop(), mapBuffers(vector IPABuffer), unmapBuffers(vector u32)     reply: nothing
 *   queueRequest(frame, ControlList), fillParamsBuffer(frame, bufferId) async
 *   event paramsBufferReady(bufferId, flags)                          cookie 0
 * </pre>
 */
public final class VimcCodec {
    /** Arguments ready to send: the bytes after the {cmd, cookie} header, and the fds beside them. */
    public record Encoded(byte[] data, int[] fds) {}

    public record IpaSettings(String configurationFile, String sensorModel) {}

    /** A FrameBuffer plane: its fd travels in the message's fd list, its slot says "valid". */
    public record Plane(int fd, int offset, int length) {}

    public record IpaBuffer(int id, List<Plane> planes) {}

    public record InitReply(int ret, int outFlags) {}

    public record ParamsBufferReady(int bufferId, int flags) {}

    /** {@code IPAOperationCode::IPAOperationInit}, the code the vimc pipeline passes to init. */
    public static final int OPERATION_INIT = 1;
    /** {@code TestFlag::Flag2}, the flag the vimc pipeline sets in init; the IPA answers with Flag1. */
    public static final int FLAG2 = 2;
    public static final int FLAG1 = 1;
    /** The stream the vimc pipeline configures: BGR888 ("BG24") 1920x1080, stream id 0. */
    static final int FOURCC_BG24 = fourcc("BG24");
    static final int STREAM_WIDTH = 1920;
    static final int STREAM_HEIGHT = 1080;
    /** ControlSerializer handle of the first ControlInfoMap the pipeline side serializes (odd, from 1). */
    static final int FIRST_INFO_MAP_HANDLE = 1;
    static final int CONTROLS_FORMAT_VERSION = 1;
    static final int ID_MAP_CONTROLS = 0;
    static final int ID_MAP_V4L2 = 2;
    static final int CONTROLS_HEADER_SIZE = 32;

    /** The controls of vimc's sensor entity (kernel 6.1) as libcamera reads them from V4L2, sorted by id. */
    static final List<V4l2ControlInfo> SENSOR_CONTROLS = List.of(
            V4l2ControlInfo.int32("Brightness", 0x980900, 0, 255, 128),
            V4l2ControlInfo.int32("Contrast", 0x980901, 0, 255, 128),
            V4l2ControlInfo.int32("Saturation", 0x980902, 0, 255, 128),
            V4l2ControlInfo.int32("Hue", 0x980903, -128, 127, 0),
            V4l2ControlInfo.bool("HFlip", 0x980914, false),
            V4l2ControlInfo.bool("VFlip", 0x980915, false),
            V4l2ControlInfo.int32("TestPattern", 0xf0f000, 0, 21, 0),
            V4l2ControlInfo.int32("ShowInfo", 0xf0f002, 0, 2, 0));

    private VimcCodec() {}

    static int fourcc(String code) {
        int v = 0;
        for (int i = 3; i >= 0; i--) {
            v = (v << 8) | code.charAt(i);
        }
        return v;
    }

    public static Encoded init(IpaSettings settings, int code, int inFlags) {
        DataWriter s = new DataWriter().string(settings.configurationFile()).string(settings.sensorModel());
        return plain(DataWriter.arguments(s, new DataWriter().u32(code), new DataWriter().u32(inFlags)));
    }

    /**
     * configure as the vimc pipeline calls it: an all-default IPACameraSensorInfo, stream 0 in
     * BG24 1920x1080, and entity 0's V4L2 controls as a ControlInfoMap the worker has not seen yet.
     */
    public static Encoded configure() {
        DataWriter sensorInfo = new DataWriter()
                .string("")                                         // model
                .u32(0)                                             // bitsPerPixel
                .sized(new DataWriter().u32(0).u32(0))              // activeAreaSize
                .sized(new DataWriter().u32(0).u32(0).u32(0).u32(0)) // analogCrop
                .sized(new DataWriter().u32(0).u32(0))              // outputSize
                .u64(0)                                             // pixelRate
                .u32(0).u32(0).u32(0).u32(0);                       // min/max line length, min/max frame length
        DataWriter stream = new DataWriter().u32(FOURCC_BG24).sized(new DataWriter().u32(STREAM_WIDTH).u32(STREAM_HEIGHT));
        DataWriter streamConfig = new DataWriter().u32(1).element(new DataWriter().u32(0), 0).element(stream, 0);
        DataWriter infoMap = new DataWriter().sized(controlInfoMap(SENSOR_CONTROLS, FIRST_INFO_MAP_HANDLE));
        DataWriter entityControls = new DataWriter().u32(1).element(new DataWriter().u32(0), 0).element(infoMap, 0);
        return plain(DataWriter.arguments(sensorInfo, streamConfig, entityControls));
    }

    /** A ControlSerializer packet for a ControlInfoMap: header, one entry per control, then min/max/def. */
    static DataWriter controlInfoMap(List<V4l2ControlInfo> controls, int handle) {
        DataWriter values = new DataWriter();
        DataWriter entries = new DataWriter();
        for (V4l2ControlInfo c : controls) {
            entries.u32(c.id()).u32(c.type()).u32(values.size()).u32(0);
            for (int v : new int[] {c.min(), c.max(), c.def()}) {
                values.u32(c.type());
                if (c.valueSize() == 1) {
                    values.u8(v);
                } else {
                    values.u32(v);
                }
            }
        }
        int dataOffset = CONTROLS_HEADER_SIZE + entries.size();
        return new DataWriter().u32(CONTROLS_FORMAT_VERSION).u32(handle).u32(controls.size())
                .u32(dataOffset + values.size()).u32(dataOffset).u32(ID_MAP_V4L2).u32(0).u32(0)
                .bytes(entries.toBytes()).bytes(values.toBytes());
    }

    public static Encoded mapBuffers(List<IpaBuffer> buffers) {
        DataWriter vector = new DataWriter().u32(buffers.size());
        List<Integer> fds = new ArrayList<>();
        for (IpaBuffer b : buffers) {
            DataWriter planes = new DataWriter().u32(b.planes().size());
            for (Plane p : b.planes()) {
                planes.element(new DataWriter().u32(1).u32(p.offset()).u32(p.length()), 1);
                fds.add(p.fd());
            }
            DataWriter buffer = new DataWriter().u32(b.id())
                    .u32(planes.size()).u32(b.planes().size()).bytes(planes.toBytes());
            vector.element(buffer, b.planes().size());
        }
        return new Encoded(DataWriter.arguments(vector), fds.stream().mapToInt(Integer::intValue).toArray());
    }

    public static Encoded unmapBuffers(List<Integer> ids) {
        DataWriter vector = new DataWriter().u32(ids.size());
        ids.forEach(id -> vector.element(new DataWriter().u32(id), 0));
        return plain(DataWriter.arguments(vector));
    }

    /**
     * queueRequest with the empty ControlList the vimc pipeline sends when the application sets no
     * controls: no ControlInfoMap (size 0), then a control packet with no entries, handle 0, id
     * map "controls". libcamera leaves the header's two reserved words uninitialised; the kit writes 0.
     */
    public static Encoded queueRequest(int frame) {
        DataWriter list = new DataWriter().u32(CONTROLS_FORMAT_VERSION).u32(0).u32(0)
                .u32(CONTROLS_HEADER_SIZE).u32(CONTROLS_HEADER_SIZE).u32(ID_MAP_CONTROLS).u32(0).u32(0);
        DataWriter controls = new DataWriter().u32(0).sized(list);
        return plain(DataWriter.arguments(new DataWriter().u32(frame), controls));
    }

    public static Encoded fillParamsBuffer(int frame, int bufferId) {
        return plain(DataWriter.arguments(new DataWriter().u32(frame), new DataWriter().u32(bufferId)));
    }

    /** start, stop and exit carry no arguments. */
    public static Encoded none() {
        return plain(new byte[0]);
    }

    public static InitReply initReply(byte[] data) {
        DataReader r = new DataReader(data, "init reply");
        InitReply reply = new InitReply(r.u32(), r.u32());
        r.end();
        return reply;
    }

    /** The reply of configure and start: the IPA's i32 return value. */
    public static int statusReply(byte[] data, VimcCmd cmd) {
        DataReader r = new DataReader(data, cmd.callName() + " reply");
        int ret = r.u32();
        r.end();
        return ret;
    }

    /** The reply of stop, mapBuffers and unmapBuffers, which return nothing. */
    public static void emptyReply(byte[] data, VimcCmd cmd) {
        new DataReader(data, cmd.callName() + " reply").end();
    }

    /** Reads an event's arguments as ParamsBufferReady; a message that is not one throws MalformedMessage. */
    public static ParamsBufferReady paramsBufferReady(byte[] data) {
        DataReader r = new DataReader(data, "paramsBufferReady arguments");
        int[] sizes = r.argumentSizes(2);
        if (sizes[0] != 4 || sizes[1] != 4) {
            throw new DataReader.MalformedMessage("paramsBufferReady arguments: sizes " + sizes[0] + " and "
                    + sizes[1] + ", expected 4 and 4");
        }
        ParamsBufferReady event = new ParamsBufferReady(r.u32(), r.u32());
        r.end();
        return event;
    }

    private static Encoded plain(byte[] data) {
        return new Encoded(data, new int[0]);
    }
}
