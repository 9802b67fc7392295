package org.ipcsync.ipa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class IpaProfileTest {
    @Test
    void theTextFormRoundTrips() {
        String text = "seed=7;start=hang@2;stop=latency:300,events-before:2,events-after:1;"
                + "configure=latency:10-50;processStats=checksum;init=kill@1,wrong-cookie";
        IpaProfile p = IpaProfile.parse(text);
        assertThat(IpaProfile.parse(p.format())).isEqualTo(p);
        assertThat(p.seed()).isEqualTo(7);
        assertThat(p.script(IpaCommand.STOP).eventsBefore()).isEqualTo(2);
        assertThat(p.script(IpaCommand.START).faultAt(1)).isNull();
        assertThat(p.script(IpaCommand.START).faultAt(2)).isEqualTo(CommandScript.Fault.HANG);
        assertThat(p.script(IpaCommand.INIT).faultAt(1)).isEqualTo(CommandScript.Fault.KILL);
        assertThat(p.script(IpaCommand.INIT).faultAt(5)).isEqualTo(CommandScript.Fault.WRONG_COOKIE);
        assertThat(p.script(IpaCommand.PROCESS_STATS).checksum()).isTrue();
        assertThat(p.script(IpaCommand.MAP_BUFFERS)).isEqualTo(CommandScript.DEFAULT);
    }

    @Test
    void latenciesAreFixedUniformOrCycledAndScaleTogether() {
        IpaProfile p = IpaProfile.parse("stop=latency:300;start=latency:10-20;configure=latency:1|2|3");
        Random r = new Random(1);
        assertThat(p.script(IpaCommand.STOP).latency().millis(0, r)).isEqualTo(300);
        assertThat(p.script(IpaCommand.START).latency().millis(0, r)).isBetween(10L, 20L);
        assertThat(p.script(IpaCommand.CONFIGURE).latency().millis(4, r)).isEqualTo(2);
        IpaProfile half = p.scaled(0.5);
        assertThat(half.script(IpaCommand.STOP).latency().millis(0, r)).isEqualTo(150);
        assertThat(half.script(IpaCommand.START).latency()).isEqualTo(new Latency.Uniform(5, 10));
    }

    @Test
    void badInputIsRefusedWithTheOffendingPartNamed() {
        assertThatThrownBy(() -> IpaProfile.parse("stopp=hang")).hasMessageContaining("unknown IPA command 'stopp'");
        assertThatThrownBy(() -> IpaProfile.parse("stop=latency:abc")).hasMessageContaining("bad latency 'abc'");
        assertThatThrownBy(() -> IpaProfile.parse("stop=explode")).hasMessageContaining("unknown action 'explode'");
        assertThatThrownBy(() -> IpaProfile.parse("stop=hang@0")).hasMessageContaining("numbered from 1");
        assertThatThrownBy(() -> IpaProfile.parse("stop")).hasMessageContaining("has no '='");
        assertThatThrownBy(() -> IpaProfile.parse("stop=latency:9-3")).hasMessageContaining("empty or negative");
    }

    @Test
    void commandNamesFollowLibcamerasInterfaceSpelling() {
        assertThat(IpaCommand.MAP_BUFFERS.methodName()).isEqualTo("mapBuffers");
        assertThat(IpaCommand.fromName("processStats")).isEqualTo(IpaCommand.PROCESS_STATS);
        assertThat(IpaCommand.fromCode(0)).isEqualTo(IpaCommand.EXIT);
        assertThat(IpaCommand.INIT.sync).isTrue();
        assertThat(IpaCommand.QUEUE_REQUEST.sync).isFalse();
    }
}
