"""Child process of ``bench_trend.py --compare``: one trend plot in a window, drawn with
LeukoDesk's QPainter plot or with QtCharts (PySide6-Addons), from the same points.

Run by the benchmark, not by hand: ``python bench/trend_plot_child.py KIND POINTS.json``
with KIND ``qpainter``, ``qtcharts`` or ``none`` (the same window with an empty widget: the
floor). POINTS.json holds the plot's points and scale (written by the parent from
``trend_plot_view`` of a 60-row history). Nothing of the clinical core is imported: the
``qpainter`` child builds its view data from the file, as the chart child does.

One line of ``key=value`` pairs goes to stdout: ``built`` and ``painted`` (monotonic
ns stamps; the parent read the clock before spawning), then, after the first frame,
``repaint_us`` (median of ``repaint()`` of the plot alone) and ``update_us`` (median of a
changed current point, set and repainted: what a keystroke costs the plot), for the
QPainter plot ``draw_us`` (the whole drawing into an image, no picture kept: what the PDF
and a changed history cost), and peak RSS.
"""

import json
import os
import statistics
import sys
import time

SIZE = (640, 320)
ROUNDS = 200


def _qpainter(data: dict):
    from leukodesk.ui.panels.trend_plot import TrendPlot
    from leukodesk.ui.panels.trend_view import Axis, PlotPoint, RefLine, TrendPlotView

    def view(current_anc: float) -> TrendPlotView:
        points = [PlotPoint(**p) for p in data["points"]]
        points[-1] = PlotPoint(**{**data["points"][-1], "anc": current_anc})
        axis = Axis(data["low"], data["high"], tuple(map(tuple, data["ticks"])), False)
        plt_axis = Axis(data["plt_low"], data["plt_high"],
                        tuple(map(tuple, data["plt_ticks"])), False)
        lines = tuple(RefLine(*x) for x in data["lines"])
        return TrendPlotView(tuple(points), data["origin"], data["span"], axis, lines,
                             plt_axis, (RefLine(150.0, "LLN 150", "lln"),),
                             data["nadir_label"], f"now {current_anc:.3f}", "×10⁹/L", "")

    plot = TrendPlot()
    plot.painter.show(view(data["points"][-1]["anc"]))

    def draw_all() -> None:  # the whole drawing, no picture kept (as the PDF draws it)
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QImage, QPainter

        from leukodesk.ui.panels.trend_plot import draw_trend

        image = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
        q = QPainter(image)
        draw_trend(q, QRectF(0, 0, *SIZE), plot.view(), plot._style())
        q.end()
    plot.draw_all = draw_all  # type: ignore[attr-defined]

    def change(value: float) -> None:
        plot.painter.show(view(value))
    return plot, plot.repaint, change


def _qtcharts(data: dict):
    from PySide6.QtCharts import (
        QChart,
        QChartView,
        QLineSeries,
        QLogValueAxis,
        QScatterSeries,
        QValueAxis,
    )
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QPainter, QPen
    from PySide6.QtWidgets import QGraphicsSimpleTextItem, QVBoxLayout, QWidget

    def chart(series_of: list[tuple[str, str, list[tuple[float, float]]]], low: float,
              high: float, lines: list[tuple[float, str]]) -> tuple[QChartView, dict]:
        c = QChart()
        c.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        ax, ay = QValueAxis(), QLogValueAxis()
        ax.setRange(0, data["span"])
        ay.setBase(10)
        ay.setRange(low, high)
        ay.setLabelFormat("%g")
        c.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
        c.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
        made = {}
        for name, shape, pts in series_of:
            line, marks = QLineSeries(), QScatterSeries()
            line.setName(name)
            marks.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeCircle if shape == "o"
                                 else QScatterSeries.MarkerShape.MarkerShapeRectangle
                                 if shape == "s" else QScatterSeries.MarkerShape
                                 .MarkerShapeTriangle)
            marks.setMarkerSize(7)
            for x, y in pts:
                line.append(x, y)
                marks.append(x, y)
            for s in (line, marks):
                c.addSeries(s)
                s.attachAxis(ax)
                s.attachAxis(ay)
            c.legend().markers(marks)[0].setVisible(False)
            made[name] = (line, marks)
        for value, label in lines:
            ref = QLineSeries()
            ref.setName(label)
            ref.setPen(QPen(Qt.GlobalColor.darkRed, 1.4, Qt.PenStyle.DashLine))
            ref.append(0, value)
            ref.append(data["span"], value)
            c.addSeries(ref)
            ref.attachAxis(ax)
            ref.attachAxis(ay)
        view = QChartView(c)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        return view, made

    pts = data["points"]
    counts, made = chart([("ANC", "o", [(p["x"], p["anc"]) for p in pts]),
                          ("WBC", "s", [(p["x"], p["wbc"]) for p in pts])],
                         data["low"], data["high"], [(v, label) for v, label, _ in data["lines"]])
    plts, _ = chart([("platelets", "t", [(p["x"], p["platelets"]) for p in pts])],
                    data["plt_low"], data["plt_high"], [(150.0, "LLN 150")])
    nadir = next(p for p in pts if p["nadir"])
    label = QGraphicsSimpleTextItem(data["nadir_label"], counts.chart())
    label.setPos(counts.chart().mapToPosition(QPointF(nadir["x"], nadir["anc"])))
    box = QWidget()
    column = QVBoxLayout(box)
    column.addWidget(counts, 2)
    column.addWidget(plts, 1)
    anc_line, anc_marks = made["ANC"]
    last = len(pts) - 1

    def change(value: float) -> None:
        anc_line.replace(last, QPointF(pts[-1]["x"], value))
        anc_marks.replace(last, QPointF(pts[-1]["x"], value))

    def repaint() -> None:  # the charts' scenes are drawn in their views' viewports
        counts.viewport().repaint()
        plts.viewport().repaint()
    return box, repaint, change


def main() -> None:
    kind, path = sys.argv[1], sys.argv[2]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    from bare_window import on_first_paint
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    app = QApplication(sys.argv[:1])
    # Every window touches Qt's enums (PySide6 builds them all on the first use, about
    # 25 ms); the real window has done so long before a plot loads.
    from PySide6.QtCore import Qt

    window = QMainWindow()
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    if kind == "qpainter":
        widget, repaint, change = _qpainter(data)
    elif kind == "qtcharts":
        widget, repaint, change = _qtcharts(data)
    else:
        widget, repaint, change = QWidget(), None, None
    built = time.monotonic_ns()
    window.setCentralWidget(widget)
    window.resize(*SIZE)
    fields = {"built": built}

    def first_frame_done() -> None:
        import resource

        fields["painted"] = time.monotonic_ns()
        if change is not None:
            samples, updates = [], []
            for i in range(ROUNDS):
                t0 = time.perf_counter_ns()
                repaint()
                samples.append(time.perf_counter_ns() - t0)
                t0 = time.perf_counter_ns()
                change(0.3 + (i % 7) / 10)
                repaint()
                updates.append(time.perf_counter_ns() - t0)
            fields["repaint_us"] = round(statistics.median(samples) / 1e3, 1)
            draw_all = getattr(widget, "draw_all", None)
            if draw_all is not None:
                draws = []
                for _ in range(ROUNDS // 4):
                    t0 = time.perf_counter_ns()
                    draw_all()
                    draws.append(time.perf_counter_ns() - t0)
                fields["draw_us"] = round(statistics.median(draws) / 1e3, 1)
            fields["update_us"] = round(statistics.median(updates) / 1e3, 1)
        fields["rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        sys.stdout.write(" ".join(f"{k}={v}" for k, v in fields.items()) + "\n")
        sys.stdout.flush()
        os._exit(0)

    on_first_paint(widget, first_frame_done)  # (an opaque plot covers the window's own)
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
