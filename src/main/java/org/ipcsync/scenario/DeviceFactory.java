package org.ipcsync.scenario;

import org.ipcsync.device.MockVideoDevice;
import org.ipcsync.device.VideoDevice;

/**
 * Makes the capture device of each camera; called in the camera manager thread, which then owns
 * the device. {@link #MOCK} by default; a factory over {@code V4l2VideoDevice} nodes plugs in the
 * same way.
 */
@FunctionalInterface
public interface DeviceFactory {
    VideoDevice create(int camera, long seed);

    /** Simulated devices with 5% seeded frame jitter. */
    DeviceFactory MOCK = (camera, seed) -> new MockVideoDevice(camera, seed * 31 + camera, 0.05);
}
