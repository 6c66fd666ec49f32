#pragma once

#include "prompts/promptcontent.h"

#include <QFrame>

class QComboBox;
class QPlainTextEdit;
class QToolButton;

namespace switchboard::ui {

class TemplateHighlighter;

// One message of a prompt version being edited: its role and its Mustache template, with the
// template's tags highlighted. Undo and redo are the text editor's own.
class MessageTemplateEdit final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageTemplateEdit)

public:
    MessageTemplateEdit(int index, QWidget *parent = nullptr);

    void setMessage(const core::prompts::MessageTemplate &message);
    core::prompts::MessageTemplate message() const;
    void setDeclarations(const core::prompts::PromptContent &declarations);
    QPlainTextEdit *textEdit() const { return m_text; }

Q_SIGNALS:
    void changed();
    void removeRequested();

private:
    QComboBox *m_role;
    QPlainTextEdit *m_text;
    QToolButton *m_remove;
    TemplateHighlighter *m_highlighter;
    core::prompts::MessageTemplate m_kept; // fields without an editor here (name, tool call id)
};

} // namespace switchboard::ui
