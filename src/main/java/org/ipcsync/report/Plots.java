package org.ipcsync.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts, drawn with XChart and saved as PNG files next to index.html. */
public final class Plots {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 360;

    private Plots() {}

    /**
     * Cumulative distribution of sync-call latencies, one curve per design: the x value where a
     * curve reaches 0.5 is that design's median.
     */
    public static void latencyCdf(String title, Map<String, double[]> millisByDesign, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("sync call latency (ms, log scale)").yAxisTitle("fraction of calls").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(0);
        for (Map.Entry<String, double[]> e : millisByDesign.entrySet()) {
            double[] sorted = Arrays.stream(e.getValue()).map(v -> Math.max(v, 0.01)).sorted().toArray();
            if (sorted.length == 0) {
                continue;
            }
            double[] y = new double[sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                y[i] = (i + 1) / (double) sorted.length;
            }
            chart.addSeries(e.getKey() + " (" + sorted.length + " calls)", sorted, y).setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** How a sync call ended, which colours its bar. */
    public enum Outcome {
        ON_TIME(new Color(0x2E86C1)),
        /** Returned, but well after its reply or deadline. */
        LATE(new Color(0xE67E22)),
        /** Returned an error, or never returned. */
        FAILED(new Color(0xC0392B));

        final Color color;

        Outcome(Color color) {
            this.color = color;
        }
    }

    /** One sync call drawn as a bar from send to return on its camera's row. */
    public record Span(int camera, String label, double startMs, double endMs, Outcome outcome) {}

    /**
     * Sync calls per camera against time: how long each camera's stop() took, and whether
     * calls overlapped (nested) or queued behind each other (threaded).
     */
    public static void callTimeline(String title, List<Span> spans, double endMs, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("time since the scenario started (ms)").yAxisTitle("camera").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisDecimalPattern("#");
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(Math.max(endMs, 1.0));
        int maxCamera = spans.stream().mapToInt(Span::camera).max().orElse(0);
        chart.getStyler().setYAxisMin(-0.5);
        chart.getStyler().setYAxisMax(maxCamera + 0.5);
        List<String> names = new ArrayList<>();
        for (Span s : spans) {
            String name = s.camera() + " " + s.label() + " #" + names.size();
            names.add(name);
            XYSeries series = chart.addSeries(name, new double[] {s.startMs(), s.endMs()},
                    new double[] {s.camera(), s.camera()});
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setLineColor(s.outcome().color);
            series.setMarkerColor(series.getLineColor());
            series.setLineStyle(new BasicStroke(6f));
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
