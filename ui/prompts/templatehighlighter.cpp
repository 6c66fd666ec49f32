#include "prompts/templatehighlighter.h"

#include "prompts/templatecheck.h"
#include "prompts/templatescanner.h"

#include <QTextBlock>
#include <QTextDocument>

namespace switchboard::ui {

using core::prompts::TemplateTag;
using core::prompts::VariableOccurrence;

TemplateHighlighter::TemplateHighlighter(QTextDocument *document, int message)
    : QSyntaxHighlighter(document), m_message(message)
{
}

void TemplateHighlighter::setDeclarations(const core::prompts::PromptContent &declarations)
{
    if (declarations.variables == m_declarations.variables && m_revision >= 0)
        return;
    m_declarations = declarations;
    m_revision = -1;
    rehighlight();
}

void TemplateHighlighter::recompute()
{
    m_spans.clear();
    QTextCharFormat declared;
    declared.setForeground(QColor(0x1f, 0x5f, 0xbf));
    declared.setFontWeight(QFont::DemiBold);
    QTextCharFormat section = declared;
    section.setForeground(QColor(0x7b, 0x3f, 0xa8));
    QTextCharFormat field;
    field.setForeground(QColor(0x1f, 0x7f, 0x6f));
    QTextCharFormat undefined;
    undefined.setForeground(QColor(0xb0, 0x20, 0x20));
    undefined.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    undefined.setUnderlineColor(QColor(0xd0, 0x30, 0x30));
    QTextCharFormat quiet;
    quiet.setForeground(QColor(0x80, 0x80, 0x80));
    const QString text = document()->toPlainText();
    // Closing tags and comments first; the uses of names below colour over their own tags.
    const core::prompts::ScannedTemplate scanned = core::prompts::scanTemplate(text, m_message);
    for (const TemplateTag &tag : scanned.tags) {
        if (tag.kind == TemplateTag::SectionEnd)
            m_spans.push_back({ tag.start, tag.length, section });
        else if (tag.kind == TemplateTag::Comment)
            m_spans.push_back({ tag.start, tag.length, quiet });
    }
    for (const auto &problem : scanned.problems) {
        // A syntax error: underline from its position to the end of its line.
        QTextCharFormat error = undefined;
        const QTextBlock block = document()->findBlockByNumber(problem.line - 1);
        if (block.isValid()) {
            const qsizetype start = block.position() + problem.column - 1;
            m_spans.push_back({ start, std::max<qsizetype>(2, block.position() + block.length() - 1 - start), error });
        }
    }
    for (const VariableOccurrence &use : core::prompts::variableOccurrences(text, m_message, m_declarations)) {
        QTextCharFormat format = use.kind == TemplateTag::Variable || use.kind == TemplateTag::Unescaped ? declared : section;
        if (use.variable.isEmpty())
            format = field;
        else if (!m_declarations.variable(use.variable))
            format = undefined;
        m_spans.push_back({ use.start, use.length, format });
    }
    m_revision = document()->revision();
}

void TemplateHighlighter::highlightBlock(const QString &text)
{
    if (m_revision != document()->revision())
        recompute();
    const qsizetype blockStart = currentBlock().position();
    const qsizetype blockEnd = blockStart + text.size();
    for (const Span &span : m_spans) {
        const qsizetype from = std::max(span.start, blockStart);
        const qsizetype to = std::min(span.start + span.length, blockEnd);
        if (from < to)
            setFormat(int(from - blockStart), int(to - from), span.format);
    }
}

} // namespace switchboard::ui
