#pragma once

#include "common/page.h"
#include "routing/ruleset.h"

#include <QHash>

#include <optional>

class QLabel;
class QPushButton;
class QTabWidget;

namespace switchboard::ui {

class ExplainView;
class MessageBanner;
class RuleSetEditor;
class RuleSetVersionList;
class StoreClient;
class WhatIfView;

// Where operators decide where calls go: the rule set's versions (activate, roll back, each
// asking why), an editor that checks a draft against the workspace as you type, Explain (one
// request through the rules, rule by rule) and What-if (the draft over logged calls).
class RoutingPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoutingPage)

public:
    explicit RoutingPage(QWidget *parent = nullptr);
    ~RoutingPage() override;

    void setWorkspace(const core::store::WorkspaceSummary &summary) override;
    void clearWorkspace() override;

    // The Save and Activate paths after their dialogs; for the buttons and tests.
    void saveDraft(const QString &comment);
    void activate(qint64 version, const QString &reason);

    RuleSetEditor *editor() const { return m_editor; }
    RuleSetVersionList *versions() const { return m_versions; }
    ExplainView *explainView() const { return m_explain; }
    WhatIfView *whatIfView() const { return m_whatIf; }
    QTabWidget *tabs() const { return m_tabs; }
    QString statusText() const;
    QString errorText() const;

Q_SIGNALS:
    void loaded();
    void saved(qint64 version);
    void activated(qint64 version);
    void failed(const QString &message);

protected:
    EmptyState::Content emptyContent() const override;
    void showEvent(QShowEvent *event) override;

private:
    struct State;

    QWidget *buildEditorTab();
    void refresh(std::optional<qint64> select = std::nullopt, bool loadEditor = false);
    void showState(const State &state, std::optional<qint64> select, bool loadEditor);
    void openVersion(qint64 version);
    void askToSave();
    void startFirstRuleSet();
    void updateExplainRules();
    void showStatus(const QString &text);
    void showError(const QString &text);

    StoreClient *m_store;
    QLabel *m_live;
    QLabel *m_status;
    MessageBanner *m_banner;
    QTabWidget *m_tabs;
    RuleSetVersionList *m_versions;
    RuleSetEditor *m_editor;
    QPushButton *m_save;
    QLabel *m_editorBase;
    ExplainView *m_explain;
    WhatIfView *m_whatIf;
    std::optional<core::routing::RuleSet> m_activeRules;
    std::optional<qint64> m_activeVersion;
    QStringList m_aliases;
};

} // namespace switchboard::ui
