#pragma once

#include "prompts/promptcontent.h"

#include <QSyntaxHighlighter>

namespace switchboard::ui {

// Colours the Mustache tags of one message template: declared variables, sections, item
// fields, and names the prompt does not declare (underlined in red).
class TemplateHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TemplateHighlighter)

public:
    TemplateHighlighter(QTextDocument *document, int message);

    // The variables the prompt declares; rehighlights.
    void setDeclarations(const core::prompts::PromptContent &declarations);

protected:
    void highlightBlock(const QString &text) override;

private:
    int m_message;
    core::prompts::PromptContent m_declarations;
    // Formats by the document offset of each tag, worked out once per change of the text.
    struct Span
    {
        qsizetype start;
        qsizetype length;
        QTextCharFormat format;
    };
    std::vector<Span> m_spans;
    int m_revision = -1;

    void recompute();
};

} // namespace switchboard::ui
