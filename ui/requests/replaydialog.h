#pragma once

#include "replay/replaysummary.h"

#include <QDialog>

#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableWidget;
class QTextBrowser;

namespace switchboard::core::replay {
class ReplayRunner;
struct ReplayPlan;
}
namespace switchboard::core::store {
struct RecordedCall;
}

namespace switchboard::ui {

class MessageBanner;

// Replays one call, exactly or with one change, once or N times, and compares: the runs as
// they finish (outcome, latency, cost, same answer or not), a summary across them, and the
// original answer beside a chosen run's with the words that differ marked. The work runs on
// the replay runner's thread; Cancel stops the runs not yet finished.
class ReplayDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReplayDialog)

public:
    ReplayDialog(core::replay::ReplayRunner &runner, const QString &callId, QWidget *parent = nullptr);
    ~ReplayDialog() override;

    enum class Change { Exact, Model, Prompt, Temperature };
    void setChange(Change change, const QString &value = {});
    void setRuns(int runs);
    void start();
    void cancel();
    bool isRunning() const { return m_job != 0; }

    QPushButton *runButton() const { return m_run; }
    QLabel *summary() const { return m_summary; }
    QTableWidget *runs() const { return m_table; }
    QTextBrowser *original() const { return m_original; }
    QTextBrowser *replayed() const { return m_replayed; }
    MessageBanner *banner() const { return m_banner; }

Q_SIGNALS:
    void replaysFinished(const switchboard::core::replay::ReplaySummary &summary);

private:
    void onPlanned(const core::replay::ReplayPlan &plan, const core::store::RecordedCall &source);
    void onReplayed(const core::replay::ReplayResult &result);
    void onFinished(const core::replay::ReplaySummary &summary, bool cancelled);
    void onFailed(const QString &message);
    void setRunning(bool running);
    void compareWith(int row);
    QString summaryText(const core::replay::ReplaySummary &summary, bool cancelled) const;

    core::replay::ReplayRunner &m_runner;
    QString m_callId;
    int m_job = 0;
    QString m_sourceOutput;
    std::vector<core::replay::ReplayResult> m_results;

    QComboBox *m_change;
    QStackedWidget *m_values;
    QLineEdit *m_model;
    QLineEdit *m_prompt;
    QDoubleSpinBox *m_temperature;
    QSpinBox *m_count;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    MessageBanner *m_banner;
    QLabel *m_summary;
    QTableWidget *m_table;
    QLabel *m_replayedTitle;
    QTextBrowser *m_original;
    QTextBrowser *m_replayed;
};

} // namespace switchboard::ui
