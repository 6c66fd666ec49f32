#pragma once

#include "store/recordedcall.h"

#include <QWidget>

#include <optional>
#include <vector>

namespace switchboard::ui {

// A pause in a stream: no chunk for gapMs after the one at atMs (both from the call's start).
struct StreamStall
{
    qint64 atMs = 0;
    qint64 gapMs = 0;

    friend bool operator==(const StreamStall &, const StreamStall &) = default;
};

// The gaps between chunk arrivals that stand out: at least minimumMs, and four times the
// median gap.
std::vector<StreamStall> streamStalls(const std::vector<qint64> &offsetsMs, qint64 minimumMs = 1000);

// One call's time, drawn to scale: each attempt as a bar (green answered, red failed, with
// the waits between them as gaps), the first token, and a streamed answer's chunk arrivals
// as ticks with stalls shaded and labelled.
class CallTimeline final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallTimeline)

public:
    explicit CallTimeline(QWidget *parent = nullptr);

    void setCall(const core::store::RecordedCall &call);
    void clear();
    const std::vector<StreamStall> &stalls() const { return m_stalls; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Bar
    {
        QString label;
        qint64 startMs = 0;
        qint64 endMs = 0;
        bool answered = false;
        QString outcome;
    };

    int rowCount() const;

    std::vector<Bar> m_bars;
    std::vector<qint64> m_chunksMs; // from the call's start
    std::vector<StreamStall> m_stalls;
    std::optional<qint64> m_ttftMs;
    qint64 m_totalMs = 0;
};

} // namespace switchboard::ui
