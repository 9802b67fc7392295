package org.ipcsync.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link V4l2VideoDevice} on two real vivid devices: boots the vivid lab and runs
 * {@link VividSmoke} in the guest with this build's classes, then checks its JSON result.
 */
@Tag("vivid")
class VividLabTest {
    private static final Path LAB = Path.of("hardware-mocks", "vivid-lab", "vivid-lab").toAbsolutePath();
    private static final int LAB_TIMEOUT_S = 240;

    @Test
    void v4l2BackendPassesTheSmokeRunOnTwoVividDevices() throws Exception {
        Path out = Path.of("target", "vivid-lab", "smoke").toAbsolutePath();
        deleteTree(out);
        Files.createDirectories(out);
        Path result = out.resolve("result.json");

        List<String> command = new ArrayList<>(List.of(LAB.toString(), "--devices", "2", "--out", out.toString(),
                "--timeout", String.valueOf(LAB_TIMEOUT_S), "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Short-lived JVM under TCG: the C1 compiler and serial GC start fastest.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jnaFromHost(out));
        command.addAll(List.of("-cp", classpath(), VividSmoke.class.getName(), result.toString(), "/dev/video0", "/dev/video1"));

        long start = System.nanoTime();
        Process lab = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolve("lab.log").toFile()).start();
        boolean finished = lab.waitFor(LAB_TIMEOUT_S + 60, TimeUnit.SECONDS);
        if (!finished) {
            lab.descendants().forEach(ProcessHandle::destroyForcibly);
            lab.destroyForcibly().waitFor();
        }
        String log = Files.readString(out.resolve("lab.log"));
        System.out.printf("vivid lab wall time %.1f s%n%s%n", (System.nanoTime() - start) / 1e9, log);
        assertThat(finished).as("lab finished; log:%n%s", log).isTrue();
        assertThat(lab.exitValue()).as("lab exit status; log:%n%s", log).isZero();

        JsonNode run = new ObjectMapper().readTree(result.toFile());
        assertThat(run.get("ok").asBoolean()).as(run.toPrettyString()).isTrue();
        JsonNode devices = run.get("devices");
        assertThat(devices).hasSize(2);
        for (JsonNode d : devices) {
            String name = d.get("device").asText();
            assertThat(d.get("failures")).as(name).isEmpty();
            assertThat(d.get("frames").asInt()).as(name).isEqualTo(30);
            assertThat(d.get("checksums")).as(name).hasSize(30);
            assertThat(d.get("sequence_increasing").asBoolean()).as(name).isTrue();
            assertThat(d.get("dmabuf_match").asBoolean()).as(name).isTrue();
            assertThat(d.get("dmabuf_crc").asText()).as(name).isEqualTo(d.get("v4l2_crc").asText());
            assertThat(d.get("error_flag_frames").asInt()).as(name).isEqualTo(1);
            assertThat(d.get("dropped_at_50_percent").asLong()).as(name).isPositive();
            assertThat(d.get("reqbufs_while_exported").asText()).as(name + ": vb2 orphans").isEqualTo("ok");
            assertThat(d.get("orphaned_buffer_intact").asBoolean()).as(name).isTrue();
        }
        assertThat(devices.get(0).get("fault_dqbuf").asText()).isEqualTo("EIO");
        assertThat(devices.get(0).get("recovered_after_streamoff").asBoolean()).isTrue();
        assertThat(devices.get(1).get("fault_dqbuf").asText()).isEqualTo("ENODEV");
        assertThat(devices.get(1).get("fault_revents").asText()).isEqualTo("0x18"); // POLLERR|POLLHUP
    }

    /** The test's own classpath (surefire may hide it behind a manifest-only jar), made absolute. */
    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Stream.of(cp.split(File.pathSeparator))
                .filter(e -> !e.isEmpty())
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * JNA unpacks its native library on every start, which costs seconds under TCG; unpack it once
     * on the host into the shared folder and point the guest's JNA at it.
     */
    private static List<String> jnaFromHost(Path out) throws IOException {
        Path jar = Path.of(com.sun.jna.Native.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path dir = Files.createDirectories(out.resolve("jna"));
        try (ZipFile zip = new ZipFile(jar.toFile());
                InputStream lib = zip.getInputStream(zip.getEntry("com/sun/jna/linux-x86-64/libjnidispatch.so"))) {
            Files.copy(lib, dir.resolve("libjnidispatch.so"), StandardCopyOption.REPLACE_EXISTING);
        }
        return List.of("-Djna.boot.library.path=" + dir, "-Djna.nounpack=true", "-Djna.nosys=true");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
