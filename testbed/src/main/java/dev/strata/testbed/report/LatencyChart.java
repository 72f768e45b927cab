package dev.strata.testbed.report;

import dev.strata.testbed.load.Sample;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** A PNG of latency over time with scenario events and re-plans marked. */
public final class LatencyChart {
  private LatencyChart() {}

  public static void write(Path png, String title, List<Sample> samples, List<Marker> markers)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYSeries ok = new XYSeries("latency (ms)");
    XYSeries failed = new XYSeries("failed requests");
    for (Sample s : samples) {
      if (s.ok()) {
        ok.add(s.startMillis() / 1000, s.latencyMillis());
      } else {
        failed.add(s.startMillis() / 1000, 0);
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(ok);
    data.addSeries(failed);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    renderer.setSeriesPaint(0, new Color(31, 119, 180));
    renderer.setSeriesLinesVisible(1, false);
    renderer.setSeriesPaint(1, Color.RED);
    XYPlot plot =
        new XYPlot(
            data, new NumberAxis("time (s)"), new NumberAxis("end-to-end latency (ms)"), renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    for (Marker m : markers) {
      ValueMarker line = new ValueMarker(m.atMillis() / 1000);
      boolean event = m.kind() == Marker.Kind.EVENT;
      line.setPaint(event ? new Color(214, 39, 40) : new Color(44, 160, 44));
      line.setStroke(
          new BasicStroke(
              1.5f,
              BasicStroke.CAP_BUTT,
              BasicStroke.JOIN_MITER,
              10f,
              event ? new float[] {6f, 4f} : null,
              0f));
      line.setLabel(m.label());
      line.setLabelAnchor(event ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.BOTTOM_RIGHT);
      line.setLabelTextAnchor(event ? TextAnchor.TOP_LEFT : TextAnchor.BOTTOM_LEFT);
      plot.addDomainMarker(line);
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    Files.createDirectories(png.toAbsolutePath().getParent());
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 1200, 600);
  }
}
