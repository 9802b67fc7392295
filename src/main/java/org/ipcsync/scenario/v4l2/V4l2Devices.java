package org.ipcsync.scenario.v4l2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipcsync.device.V4l2VideoDevice;
import org.ipcsync.device.VideoDevice;
import org.ipcsync.scenario.DeviceFactory;
import org.ipcsync.scenario.IsolatedIpa;
import org.ipcsync.scenario.RunConfig;

/**
 * The scenario engine's devices on real V4L2 nodes: camera K of every scenario is the K-th node,
 * opened afresh for each run (see {@link TalliedDevice}). The engine asks each camera for its
 * small GREY format and the frame rate of its time scale; the driver answers with the nearest it
 * supports (vivid: 320x180, whose frame intervals go down to 1/60 s), and the camera runs at that.
 * Each node keeps a {@link DeviceTally} across runs.
 *
 * <p>Threads: {@link #create} in each run's camera manager thread; the rest from any thread.
 */
public final class V4l2Devices implements DeviceFactory {
    private final List<String> nodes;
    private final Map<String, DeviceTally> tallies = new LinkedHashMap<>();

    public V4l2Devices(List<String> nodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no device nodes given");
        }
        this.nodes = List.copyOf(nodes);
        for (String node : this.nodes) {
            if (tallies.put(node, new DeviceTally(node)) != null) {
                throw new IllegalArgumentException("device node " + node + " given twice");
            }
        }
    }

    public List<String> nodes() {
        return nodes;
    }

    @Override
    public VideoDevice create(int camera, long seed) {
        if (camera >= nodes.size()) {
            throw new IllegalArgumentException("camera " + camera + " has no device: only " + nodes.size()
                    + " nodes (" + nodes + ")");
        }
        String node = nodes.get(camera);
        return new TalliedDevice(new V4l2VideoDevice(node), tallies.get(node));
    }

    /** The kit's sim-ipa workers behind the named design's pipes, on these nodes. */
    public RunConfig config(org.ipcsync.pipe.PipeDesign design, long seed, double scale) {
        return new RunConfig(design, seed, scale, IsolatedIpa.FACTORY, this);
    }

    public List<DeviceTally.Snapshot> snapshot() {
        List<DeviceTally.Snapshot> out = new ArrayList<>();
        tallies.values().forEach(t -> out.add(t.snapshot()));
        return out;
    }
}
