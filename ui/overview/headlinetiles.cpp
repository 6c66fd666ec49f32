#include "overview/headlinetiles.h"

#include "requests/callformat.h"

#include <QFrame>
#include <QVBoxLayout>

#include <QGridLayout>
#include <QLabel>
#include <QLocale>

namespace switchboard::ui {
namespace {

QString percentText(std::optional<double> rate)
{
    return rate ? QLocale().toString(*rate * 100.0, 'f', *rate < 0.1 ? 2 : 1) + QStringLiteral(" %") : QStringLiteral("–");
}

// Relative change of a count or amount; nullopt when there is nothing to compare with.
std::optional<double> relative(double now, double before)
{
    if (before <= 0)
        return std::nullopt;
    return (now - before) / before;
}

std::optional<double> difference(std::optional<double> now, std::optional<double> before)
{
    if (!now || !before)
        return std::nullopt;
    return *now - *before;
}

} // namespace

HeadlineTiles::HeadlineTiles(QWidget *parent) : QWidget(parent)
{
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(10);
    const QStringList captions { tr("Calls"), tr("Error rate"), tr("p95 latency"), tr("Cost"), tr("Cache hit rate") };
    for (int i = 0; i < captions.size(); ++i) {
        auto *tile = new QFrame(this);
        tile->setObjectName(QStringLiteral("tile"));
        tile->setFrameShape(QFrame::StyledPanel);
        auto *caption = new QLabel(captions.at(i), tile);
        caption->setForegroundRole(QPalette::PlaceholderText);
        auto *value = new QLabel(QStringLiteral("–"), tile);
        value->setObjectName(QStringLiteral("tileValue"));
        QFont big = value->font();
        big.setPointSizeF(big.pointSizeF() * 1.6);
        big.setBold(true);
        value->setFont(big);
        auto *change = new QLabel(tile);
        change->setObjectName(QStringLiteral("tileChange"));
        auto *against = new QLabel(tile);
        against->setForegroundRole(QPalette::PlaceholderText);
        QFont small = change->font();
        small.setPointSizeF(small.pointSizeF() * 0.9);
        change->setFont(small);
        against->setFont(small);
        auto *layout = new QVBoxLayout(tile);
        layout->setContentsMargins(10, 6, 10, 6);
        layout->setSpacing(1);
        layout->addWidget(caption);
        layout->addWidget(value);
        layout->addWidget(change);
        layout->addWidget(against);
        grid->addWidget(tile, 0, i);
        m_tiles.push_back({ value, change, against });
    }
}

void HeadlineTiles::setReport(const core::analytics::OverviewReport &report, const QString &periodName)
{
    const auto &now = report.current;
    const auto &before = report.previous;
    setTile(0, QLocale().toString(now.calls), relative(double(now.calls), double(before.calls)), false, Better::Neither, periodName);
    setTile(1, percentText(now.errorRate()), difference(now.errorRate(), before.errorRate()), true, Better::Lower, periodName);
    const auto p95 = now.p95LatencyUs();
    const auto p95Before = before.p95LatencyUs();
    setTile(2, p95 ? duration(*p95) : QStringLiteral("–"),
            p95 && p95Before ? relative(double(*p95), double(*p95Before)) : std::nullopt, false, Better::Lower, periodName);
    setTile(3, money(now.costMicros), relative(double(now.costMicros), double(before.costMicros)), false, Better::Neither,
            periodName);
    setTile(4, percentText(now.cacheHitRate()), difference(now.cacheHitRate(), before.cacheHitRate()), true, Better::Higher,
            periodName);
}

void HeadlineTiles::setTile(int index, const QString &value, std::optional<double> change, bool points, Better better,
                            const QString &periodName)
{
    Tile &tile = m_tiles[std::size_t(index)];
    tile.value->setText(value);
    tile.against->setText(tr("vs previous %1").arg(periodName));
    if (!change) {
        tile.change->setText(tr("nothing to compare"));
        tile.change->setStyleSheet(QString());
        return;
    }
    const double amount = *change * 100.0;
    const QString arrow = amount > 0.05 ? QStringLiteral("▲") : amount < -0.05 ? QStringLiteral("▼") : QStringLiteral("=");
    const QString figure = points ? QLocale().toString(std::abs(amount), 'f', 2) + tr(" pt")
                                  : QLocale().toString(std::abs(amount), 'f', 1) + QStringLiteral(" %");
    tile.change->setText(arrow + QLatin1Char(' ') + figure);
    const bool worse = (better == Better::Lower && amount > 0.05) || (better == Better::Higher && amount < -0.05);
    const bool improved = (better == Better::Lower && amount < -0.05) || (better == Better::Higher && amount > 0.05);
    tile.change->setStyleSheet(worse      ? QStringLiteral("color: #dc2626;")
                               : improved ? QStringLiteral("color: #16a34a;")
                                          : QString());
}

QString HeadlineTiles::valueText(int tile) const
{
    return m_tiles.at(std::size_t(tile)).value->text();
}

QString HeadlineTiles::changeText(int tile) const
{
    const Tile &shown = m_tiles.at(std::size_t(tile));
    return shown.change->text() + QLatin1Char(' ') + shown.against->text();
}

} // namespace switchboard::ui
