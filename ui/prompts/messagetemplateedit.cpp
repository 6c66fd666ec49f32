#include "prompts/messagetemplateedit.h"

#include "prompts/templatehighlighter.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace switchboard::ui {

using core::Role;

MessageTemplateEdit::MessageTemplateEdit(int index, QWidget *parent)
    : QFrame(parent), m_role(new QComboBox), m_text(new QPlainTextEdit), m_remove(new QToolButton),
      m_highlighter(new TemplateHighlighter(m_text->document(), index))
{
    setFrameShape(QFrame::StyledPanel);
    for (Role role : { Role::System, Role::Developer, Role::User, Role::Assistant, Role::Tool })
        m_role->addItem(core::nameOf(role), static_cast<int>(role));
    m_remove->setText(tr("Remove"));
    m_remove->setToolTip(tr("Remove this message"));
    m_remove->setAutoRaise(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setTabChangesFocus(true);
    m_text->setMinimumHeight(90);
    m_text->setPlaceholderText(tr("Template text; {{variable}} inserts a value, {{#list}}…{{/list}} repeats or tests."));
    m_text->setObjectName(QStringLiteral("template-%1").arg(index));

    auto *header = new QHBoxLayout;
    header->addWidget(m_role);
    header->addStretch(1);
    header->addWidget(m_remove);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(header);
    layout->addWidget(m_text);

    connect(m_text, &QPlainTextEdit::textChanged, this, &MessageTemplateEdit::changed);
    connect(m_role, &QComboBox::currentIndexChanged, this, &MessageTemplateEdit::changed);
    connect(m_remove, &QToolButton::clicked, this, &MessageTemplateEdit::removeRequested);
}

void MessageTemplateEdit::setMessage(const core::prompts::MessageTemplate &message)
{
    m_kept = message;
    const QSignalBlocker blockRole(m_role);
    const QSignalBlocker blockText(m_text);
    m_role->setCurrentIndex(m_role->findData(static_cast<int>(message.role)));
    if (m_text->toPlainText() != message.text)
        m_text->setPlainText(message.text);
}

core::prompts::MessageTemplate MessageTemplateEdit::message() const
{
    core::prompts::MessageTemplate out = m_kept;
    out.role = static_cast<Role>(m_role->currentData().toInt());
    out.text = m_text->toPlainText();
    return out;
}

void MessageTemplateEdit::setDeclarations(const core::prompts::PromptContent &declarations)
{
    // New colours are not an edit: QPlainTextEdit reports format changes as textChanged.
    const QSignalBlocker block(m_text);
    m_highlighter->setDeclarations(declarations);
}

} // namespace switchboard::ui
