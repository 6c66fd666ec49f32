#pragma once

#include "store/rulesetrepository.h"

#include <QWidget>

#include <vector>

class QPushButton;
class QTreeWidget;

namespace switchboard::ui {

// The rule set's versions, newest first, the active one in bold; opens a version in the
// editor, and activates it (or rolls back to it) after asking why.
class RuleSetVersionList final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleSetVersionList)

public:
    explicit RuleSetVersionList(QWidget *parent = nullptr);

    void setVersions(const std::vector<core::store::StoredRuleSet> &versions);
    const core::store::StoredRuleSet *selected() const;
    void select(qint64 version);
    std::optional<qint64> activeVersion() const;
    // The newest version listed (0 when there is none).
    qint64 newestVersion() const;
    QTreeWidget *table() const { return m_table; }
    QPushButton *activateButton() const { return m_activate; }

Q_SIGNALS:
    void openRequested(qint64 version);
    void activateRequested(qint64 version, const QString &reason);

private:
    void updateButtons();
    void askToActivate();

    QTreeWidget *m_table;
    QPushButton *m_open;
    QPushButton *m_activate;
    std::vector<core::store::StoredRuleSet> m_versions;
};

} // namespace switchboard::ui
