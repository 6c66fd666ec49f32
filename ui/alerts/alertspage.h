#pragma once

#include "common/noticeline.h"
#include "common/page.h"
#include "store/alertrepository.h"

#include <map>

class QLabel;
class QTabWidget;
class QTableWidget;
class QTextBrowser;
class QToolButton;

namespace switchboard::core::analytics {
class AlertMonitor;
}

namespace switchboard::ui {

class AlertListView;
class StoreClient;

// What on-call reads: the alerts (open first) with when they were first and last seen,
// resolved and acknowledged, the selected one's summary, runbook and webhook delivery; and
// the rules that raise them, added, changed and removed here. While a workspace is open the
// page's monitor judges the rules every minute (with any gateway on the same workspace).
class AlertsPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertsPage)

public:
    struct Contents
    {
        std::vector<core::store::Alert> alerts;
        std::vector<core::store::AlertRule> rules;
        std::map<qint64, QString> budgetNames; // by id, for budget rules
    };

    explicit AlertsPage(QWidget *parent = nullptr);
    ~AlertsPage() override;

    void setWorkspace(const core::store::WorkspaceSummary &summary) override;
    void clearWorkspace() override;

    QTableWidget *alertTable() const;
    QTableWidget *ruleTable() const { return m_rules; }
    QTabWidget *tabs() const { return m_tabs; }
    QTextBrowser *detail() const;
    NoticeLine *notice() const { return m_notice; }
    const Contents &contents() const { return m_contents; }
    void refresh();
    void saveRule(const core::store::AlertRule &rule);
    void removeRule(qint64 id, const QString &reason);
    void acknowledgeSelected();
    // Shows the alert on the Alerts tab, selected; read again first when it is not listed yet.
    void showAlert(qint64 alertId);

Q_SIGNALS:
    void refreshed();
    void failed(const QString &message);
    // Alerts open and not acknowledged, for the navigation.
    void openAlertsChanged(int count);

protected:
    EmptyState::Content emptyContent() const override;

private:
    QWidget *buildContent();
    void showContents(const Contents &contents);
    void showRules();
    // The rule the buttons act on: the selected alert's on the Alerts tab, else the selected rule.
    const core::store::AlertRule *currentRule() const;
    void askForRule(const core::store::AlertRule &rule);
    void askToRemove();
    void showNotice(const QString &text, bool problem);

    StoreClient *m_store;
    core::analytics::AlertMonitor *m_monitor = nullptr;
    QTabWidget *m_tabs;
    AlertListView *m_list;
    QTableWidget *m_rules;
    NoticeLine *m_notice;
    QToolButton *m_acknowledge;
    QToolButton *m_edit;
    QToolButton *m_remove;
    Contents m_contents;
    qint64 m_wantedAlert = 0; // to select once the alerts are read
};

} // namespace switchboard::ui
