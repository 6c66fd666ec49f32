#pragma once

#include "prompts/prompt.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTableWidget;
class QTextBrowser;

namespace switchboard::ui {

// Any two versions of a prompt side by side: each message with its word-level changes
// highlighted (removed words on the left, added on the right), the variables that changed,
// and the model configuration field by field.
class PromptDiffView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromptDiffView)

public:
    explicit PromptDiffView(QWidget *parent = nullptr);

    void setPrompt(const core::prompts::Prompt &prompt);
    void compare(qint64 left, qint64 right);
    QString summary() const;
    QTableWidget *fields() const { return m_fields; }

private:
    void refresh();

    core::prompts::Prompt m_prompt;
    QComboBox *m_left;
    QComboBox *m_right;
    QLabel *m_summary;
    QTextBrowser *m_leftText;
    QTextBrowser *m_rightText;
    QTableWidget *m_fields;
};

} // namespace switchboard::ui
