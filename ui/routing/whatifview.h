#pragma once

#include "analytics/whatif.h"

#include <QWidget>

#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace switchboard::ui {

class StoreClient;

// What-if: runs the draft rules over a sample of logged gateway calls (a time window, and a
// tenant, feature or model if given) on a worker thread, and shows where the calls would have
// gone, how many move, and projected cost and latency per target, beside what they cost.
class WhatIfView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WhatIfView)

public:
    // draftRules gives the rules to try, or nothing when the draft does not validate.
    WhatIfView(StoreClient *store, std::function<std::optional<core::routing::RuleSet>()> draftRules,
               QWidget *parent = nullptr);

    void run();
    void cancel();
    void clear();
    bool isRunning() const { return m_running; }
    QLabel *summary() const { return m_summary; }
    QTreeWidget *targets() const { return m_targets; }
    QPushButton *runButton() const { return m_run; }

Q_SIGNALS:
    void finished();

private:
    void showReport(const core::analytics::WhatIfReport &report);
    void setRunning(bool running);

    StoreClient *m_store;
    std::function<std::optional<core::routing::RuleSet>()> m_draftRules;
    QComboBox *m_window;
    QLineEdit *m_tenant;
    QLineEdit *m_feature;
    QLineEdit *m_alias;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QLabel *m_summary;
    QTreeWidget *m_targets;
    QTreeWidget *m_rules;
    quint64 m_runId = 0;
    bool m_running = false;
};

} // namespace switchboard::ui
