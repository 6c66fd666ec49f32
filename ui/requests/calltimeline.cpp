#include "requests/calltimeline.h"

#include "requests/callformat.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace switchboard::ui {
namespace {

constexpr int kRowHeight = 24;
constexpr int kLabelWidth = 150;
constexpr int kMargin = 8;
constexpr int kAxisHeight = 22;

// A round step for the axis: 1, 2 or 5 times a power of ten, about five to the span.
qint64 axisStep(qint64 spanMs)
{
    const double rough = std::max<double>(1, spanMs / 5.0);
    const double power = std::pow(10.0, std::floor(std::log10(rough)));
    for (const double factor : { 1.0, 2.0, 5.0, 10.0 })
        if (power * factor >= rough)
            return static_cast<qint64>(power * factor);
    return static_cast<qint64>(power * 10);
}

QString milliseconds(qint64 ms)
{
    return duration(ms * 1000);
}

} // namespace

std::vector<StreamStall> streamStalls(const std::vector<qint64> &offsetsMs, qint64 minimumMs)
{
    std::vector<StreamStall> stalls;
    if (offsetsMs.size() < 3)
        return stalls;
    std::vector<qint64> gaps;
    for (std::size_t i = 1; i < offsetsMs.size(); ++i)
        gaps.push_back(offsetsMs[i] - offsetsMs[i - 1]);
    std::vector<qint64> sorted = gaps;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2), sorted.end());
    const qint64 threshold = std::max(minimumMs, 4 * sorted[sorted.size() / 2]);
    for (std::size_t i = 0; i < gaps.size(); ++i)
        if (gaps[i] >= threshold)
            stalls.push_back({ offsetsMs[i], gaps[i] });
    return stalls;
}

CallTimeline::CallTimeline(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Minimum);
}

void CallTimeline::clear()
{
    m_bars.clear();
    m_chunksMs.clear();
    m_stalls.clear();
    m_ttftMs.reset();
    m_totalMs = 0;
    updateGeometry();
    update();
}

void CallTimeline::setCall(const core::store::RecordedCall &call)
{
    clear();
    const core::CallRecord &r = call.record;
    m_totalMs = std::max<qint64>(1, r.latencyUs / 1000);
    for (const core::store::AttemptRow &attempt : call.attempts) {
        Bar bar;
        bar.label = QStringLiteral("%1  %2").arg(attempt.seq).arg(attempt.model.isEmpty() ? attempt.provider : attempt.model);
        bar.startMs = std::max<qint64>(0, attempt.startedMs - r.startedMs);
        bar.endMs = bar.startMs + attempt.latencyUs / 1000;
        bar.answered = !attempt.failure;
        bar.outcome = attempt.failure ? core::displayName(*attempt.failure) : tr("answered");
        m_totalMs = std::max(m_totalMs, bar.endMs);
        m_bars.push_back(std::move(bar));
    }
    if (r.ttftUs)
        m_ttftMs = *r.ttftUs / 1000;
    // Chunk offsets count from the start of the attempt whose stream reached the caller.
    const qint64 streamStart = m_bars.empty() ? 0 : m_bars.back().startMs;
    for (const qint64 offset : call.chunkOffsetsMs)
        m_chunksMs.push_back(streamStart + offset);
    if (!m_chunksMs.empty())
        m_totalMs = std::max(m_totalMs, m_chunksMs.back());
    m_stalls = streamStalls(m_chunksMs);
    updateGeometry();
    update();
}

int CallTimeline::rowCount() const
{
    return static_cast<int>(m_bars.size()) + (m_chunksMs.empty() ? 0 : 1);
}

QSize CallTimeline::sizeHint() const
{
    return { 420, kMargin * 2 + std::max(1, rowCount()) * kRowHeight + kAxisHeight };
}

QSize CallTimeline::minimumSizeHint() const
{
    return { kLabelWidth + 120, sizeHint().height() };
}

void CallTimeline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette &colors = palette();
    if (m_bars.empty() && m_chunksMs.empty()) {
        painter.setPen(colors.color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No attempt was made."));
        return;
    }
    const int left = kLabelWidth;
    const int right = width() - kMargin - 4;
    const auto x = [&](qint64 ms) { return left + static_cast<double>(ms) * (right - left) / static_cast<double>(m_totalMs); };
    const int bottom = kMargin + rowCount() * kRowHeight;

    // Axis and grid.
    const qint64 step = axisStep(m_totalMs);
    painter.setPen(colors.color(QPalette::Mid));
    painter.drawLine(left, bottom, right, bottom);
    for (qint64 t = 0; t <= m_totalMs; t += step) {
        painter.setPen(QPen(colors.color(QPalette::Midlight), 1, Qt::DotLine));
        painter.drawLine(QPointF(x(t), kMargin), QPointF(x(t), bottom));
        painter.setPen(colors.color(QPalette::PlaceholderText));
        painter.drawText(QRectF(x(t) - 40, bottom + 2, 80, kAxisHeight - 4), Qt::AlignHCenter | Qt::AlignTop, milliseconds(t));
    }

    // The first token, under the bars so that their labels stay legible.
    if (m_ttftMs) {
        painter.setPen(QPen(QColor(0x6a, 0x1b, 0x9a), 1.5, Qt::DashLine));
        painter.drawLine(QPointF(x(*m_ttftMs), kMargin), QPointF(x(*m_ttftMs), bottom));
    }

    int row = 0;
    const auto rowRect = [&](int index) { return QRectF(left, kMargin + index * kRowHeight + 4, right - left, kRowHeight - 8); };
    const auto label = [&](int index, const QString &text) {
        painter.setPen(colors.color(QPalette::WindowText));
        const QRectF area(kMargin, kMargin + index * kRowHeight, kLabelWidth - kMargin * 2, kRowHeight);
        painter.drawText(area, Qt::AlignVCenter | Qt::AlignLeft, painter.fontMetrics().elidedText(text, Qt::ElideMiddle, int(area.width())));
    };
    for (const Bar &bar : m_bars) {
        const QRectF lane = rowRect(row);
        label(row, bar.label);
        QRectF span(x(bar.startMs), lane.top(), std::max(2.0, x(bar.endMs) - x(bar.startMs)), lane.height());
        painter.setPen(Qt::NoPen);
        painter.setBrush(bar.answered ? QColor(0x4c, 0xaf, 0x50) : QColor(0xe5, 0x39, 0x35));
        painter.drawRoundedRect(span, 3, 3);
        const QString text = bar.outcome + QStringLiteral(" \u00b7 ") + milliseconds(bar.endMs - bar.startMs);
        painter.setPen(bar.answered || span.width() > painter.fontMetrics().horizontalAdvance(text) + 8 ? Qt::white
                                                                                                           : colors.color(QPalette::WindowText));
        if (span.width() > painter.fontMetrics().horizontalAdvance(text) + 8)
            painter.drawText(span.adjusted(4, 0, -4, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
        else
            painter.drawText(QRectF(span.right() + 4, lane.top(), right - span.right(), lane.height()),
                             Qt::AlignVCenter | Qt::AlignLeft, text);
        ++row;
    }
    if (!m_chunksMs.empty()) {
        const QRectF lane = rowRect(row);
        label(row, tr("stream (%1 chunks)").arg(m_chunksMs.size()));
        for (const StreamStall &stall : m_stalls) {
            const QRectF shade(x(stall.atMs), lane.top(), x(stall.atMs + stall.gapMs) - x(stall.atMs), lane.height());
            painter.fillRect(shade, QColor(0xff, 0xcd, 0xd2));
            painter.setPen(QColor(0xb7, 0x1c, 0x1c));
            painter.drawText(shade, Qt::AlignCenter, tr("stall %1").arg(milliseconds(stall.gapMs)));
        }
        painter.setPen(QPen(colors.color(QPalette::Highlight), 1.5));
        for (const qint64 at : m_chunksMs)
            painter.drawLine(QPointF(x(at), lane.top() + 2), QPointF(x(at), lane.bottom() - 2));
    }
}

} // namespace switchboard::ui
