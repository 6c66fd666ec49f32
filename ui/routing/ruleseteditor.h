#pragma once

#include "routing/ruleset.h"

#include <QWidget>

#include <optional>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QTimer;
class QTreeWidget;

namespace switchboard::ui {

// Edits a rule set in its stored JSON form, with the rules in order and in words above the
// text and every problem below it, checked as you type against the workspace's targets.
// Clicking a rule or a problem puts the cursor on that rule in the text.
class RuleSetEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleSetEditor)

public:
    explicit RuleSetEditor(QWidget *parent = nullptr);

    // Shows rules as stored in a version (0: a new rule set); the editor is unmodified after.
    void load(const core::routing::RuleSet &rules, qint64 fromVersion);
    void setKnownTargets(const QStringList &targets);

    qint64 baseVersion() const { return m_baseVersion; }
    bool isModified() const;
    // The rules as typed when they read and validate; empty otherwise.
    std::optional<core::routing::RuleSet> validRules() const;
    const std::vector<core::routing::RuleProblem> &problems() const { return m_problems; }
    QPlainTextEdit *textEdit() const { return m_text; }
    QTreeWidget *overview() const { return m_overview; }

Q_SIGNALS:
    void changed();

private:
    void check();
    void showOverview(const core::routing::RuleSet &rules);
    void showProblems();
    void goToRule(int index);

    QTreeWidget *m_overview;
    QPlainTextEdit *m_text;
    QLabel *m_verdict;
    QListWidget *m_problemList;
    QTimer *m_debounce;
    QStringList m_knownTargets;
    bool m_haveTargets = false;
    qint64 m_baseVersion = 0;
    QString m_loadedText;
    std::optional<core::routing::RuleSet> m_parsed;
    std::vector<core::routing::RuleProblem> m_problems;
};

} // namespace switchboard::ui
