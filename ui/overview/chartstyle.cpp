#include "overview/chartstyle.h"

#include <QAbstractAxis>
#include <QChart>
#include <QGraphicsLayout>
#include <QLegend>
#include <QPalette>
#include <QValueAxis>

#include <cmath>

#include <array>

namespace switchboard::ui {
namespace {

constexpr std::array<QRgb, 8> kSeries { 0x3b82f6, 0xf59e0b, 0x10b981, 0xef4444, 0x8b5cf6, 0x06b6d4, 0xec4899, 0x84cc16 };

} // namespace

void styleChart(QChart *chart, const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundVisible(false);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setLabelColor(palette.color(QPalette::Text));
    QFont font = chart->legend()->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    chart->legend()->setFont(font);
    chart->setAnimationOptions(QChart::NoAnimation);
    for (QAbstractAxis *axis : chart->axes())
        styleAxis(axis, palette);
}

void styleAxis(QAbstractAxis *axis, const QPalette &palette)
{
    axis->setLabelsColor(palette.color(QPalette::Text));
    axis->setTitleBrush(palette.color(QPalette::Text));
    QColor grid = palette.color(QPalette::Text);
    grid.setAlpha(40);
    axis->setGridLineColor(grid);
    axis->setLinePenColor(grid);
    QFont font = axis->labelsFont();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    axis->setLabelsFont(font);
    QFont title = axis->titleFont();
    title.setPointSizeF(font.pointSizeF());
    title.setBold(false);
    axis->setTitleFont(title);
}

void setNiceRange(QValueAxis *axis, double top)
{
    constexpr int kSteps = 4;
    // The smallest step of 1, 2, 2.5 or 5 times a power of ten that fits the top in four.
    const double raw = std::max(top, 1e-9) / kSteps;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude * 10;
    for (double nice : { 1.0, 2.0, 2.5, 5.0, 10.0 }) {
        if (nice * magnitude >= raw * (1 - 1e-9)) {
            step = nice * magnitude;
            break;
        }
    }
    axis->setTickCount(kSteps + 1);
    axis->setRange(0, step * kSteps);
    // As many decimals as the step needs, never exponents: "0.025", "7500".
    int decimals = 0;
    while (decimals < 6) {
        const double scaled = step * std::pow(10.0, decimals);
        if (std::abs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled))
            break;
        ++decimals;
    }
    axis->setLabelFormat(QStringLiteral("%.") + QString::number(decimals) + QLatin1Char('f'));
}

QColor seriesColor(int index)
{
    if (index < 0)
        return QColor(0x9ca3af); // "Other"
    return QColor(kSeries[static_cast<std::size_t>(index) % kSeries.size()]);
}

QColor failureColor(const QString &category)
{
    static const std::array<std::pair<const char *, QRgb>, 14> colors { {
        { "timeout", 0x8b5cf6 },        { "connect_error", 0x6366f1 }, { "rate_limited", 0xf59e0b },
        { "overloaded", 0xf97316 },     { "server_error", 0xef4444 },  { "auth", 0x64748b },
        { "bad_request", 0x0ea5e9 },    { "context_length", 0x14b8a6 }, { "content_filter", 0xec4899 },
        { "truncated", 0xa3e635 },      { "invalid_output", 0xd946ef }, { "empty_output", 0x94a3b8 },
        { "budget_exceeded", 0xeab308 }, { "cancelled", 0x78716c },
    } };
    for (const auto &[name, rgb] : colors) {
        if (category == QLatin1String(name))
            return QColor(rgb);
    }
    return QColor(0x9ca3af);
}

} // namespace switchboard::ui
