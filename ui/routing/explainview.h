#pragma once

#include "routing/router.h"

#include <QHash>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTreeWidget;

namespace switchboard::ui {

// Where would this call go, and why? A request (pasted as the caller would send it, or typed
// field by field) is routed through the draft in the editor or the live rules; every rule
// looked at says whether it matched and why not, then the plan. Recomputed as you type.
class ExplainView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExplainView)

public:
    explicit ExplainView(QWidget *parent = nullptr);

    // The rules to explain with; empty ones are not offered.
    void setRules(const std::optional<core::routing::RuleSet> &draft, const std::optional<core::routing::RuleSet> &active,
                  std::optional<qint64> activeVersion);
    // Key names and their tenants, and the aliases callers may ask for, for the pickers.
    void setCallers(const QHash<QString, QString> &tenantByKey, const QStringList &aliases);

    // Reads a request body into the fields; false (and a message shown) when it cannot.
    bool readRequest(const QString &body);
    core::routing::RouteInput input() const;
    const core::routing::RouteDecision &decision() const { return m_decision; }
    QPlainTextEdit *requestText() const { return m_request; }
    QComboBox *ruleSource() const { return m_source; }
    QLabel *planLabel() const { return m_plan; }
    QTreeWidget *verdicts() const { return m_verdicts; }

private:
    QWidget *buildRequest();
    QWidget *buildResult();
    void explain();

    QPlainTextEdit *m_request;
    QLabel *m_readStatus;
    QComboBox *m_key;
    QLineEdit *m_tenant;
    QLineEdit *m_feature;
    QLineEdit *m_user;
    QLineEdit *m_tier;
    QLineEdit *m_prompt;
    QLineEdit *m_label;
    QComboBox *m_model;
    QLineEdit *m_tags;
    QSpinBox *m_tokens;
    QComboBox *m_source;
    QTreeWidget *m_verdicts;
    QLabel *m_plan;
    QHash<QString, QString> m_tenantByKey;
    std::optional<core::routing::RuleSet> m_draft;
    std::optional<core::routing::RuleSet> m_active;
    core::routing::RouteDecision m_decision;
};

} // namespace switchboard::ui
