#pragma once

#include "analytics/overview.h"

#include <QWidget>

class QLabel;

namespace switchboard::ui {

// The Overview's headline figures: calls, error rate, p95 latency, cost and cache hit rate,
// each with its change against the previous period of the same length (red when worse).
class HeadlineTiles final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeadlineTiles)

public:
    explicit HeadlineTiles(QWidget *parent = nullptr);

    // periodName: "day", "week"... as in "vs previous day".
    void setReport(const core::analytics::OverviewReport &report, const QString &periodName);
    QString valueText(int tile) const;
    QString changeText(int tile) const;

private:
    struct Tile
    {
        QLabel *value;
        QLabel *change;  // "▲ 2.0 %", red when worse
        QLabel *against; // "vs previous day"
    };
    enum class Better { Higher, Lower, Neither };
    void setTile(int index, const QString &value, std::optional<double> change, bool points, Better better,
                 const QString &periodName);

    std::vector<Tile> m_tiles;
};

} // namespace switchboard::ui
