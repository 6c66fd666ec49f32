#pragma once

#include "prompts/prompt.h"

#include <QWidget>

class QPushButton;
class QTreeWidget;

namespace switchboard::ui {

// A prompt's versions with the labels on them, and the timeline of every label move. From
// here a version is promoted (production moves to it), labelled, rolled back to, opened in the
// editor or compared; a move asks for its reason first.
class VersionHistoryView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VersionHistoryView)

public:
    explicit VersionHistoryView(QWidget *parent = nullptr);

    void setPrompt(const core::prompts::Prompt &prompt);
    void clear();
    qint64 selectedVersion() const;
    void selectVersion(qint64 number);
    // Where production went before its last move: what a roll back returns to.
    std::optional<qint64> rollbackTarget() const;

    // The buttons, named for tests and shortcuts.
    QPushButton *promoteButton() const { return m_promote; }
    QPushButton *rollbackButton() const { return m_rollback; }
    QTreeWidget *versions() const { return m_versions; }
    QTreeWidget *timeline() const { return m_timeline; }

Q_SIGNALS:
    // The user confirmed a move, with a reason.
    void moveLabelRequested(const QString &label, std::optional<qint64> version, const QString &reason);
    void openRequested(qint64 version);
    void compareRequested(qint64 left, qint64 right);

private:
    void askAndMove(const QString &label, std::optional<qint64> version, const QString &question);
    void askForLabel();
    void updateButtons();

    core::prompts::Prompt m_prompt;
    QTreeWidget *m_versions;
    QTreeWidget *m_timeline;
    QPushButton *m_promote;
    QPushButton *m_rollback;
    QPushButton *m_label;
    QPushButton *m_open;
    QPushButton *m_compare;
};

} // namespace switchboard::ui
