#include "prompts/prompteditor.h"

#include "prompts/messagetemplateedit.h"
#include "prompts/modelconfigform.h"
#include "prompts/promptrenderer.h"
#include "prompts/templatecheck.h"
#include "prompts/tokencount.h"
#include "prompts/variablestable.h"

#include <QGroupBox>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

namespace switchboard::ui {

using core::prompts::PromptContent;
using core::prompts::TemplateProblem;
using core::prompts::VariableType;
using nlohmann::json;

namespace {

// Values that let a draft render for counting: defaults where there are, else a stand-in of
// the variable's type (a string variable counts as its own name).
json sampleValues(const PromptContent &content)
{
    json values = json::object();
    for (const auto &variable : content.variables) {
        if (!variable.defaultValue.is_null()) {
            values[variable.name.toStdString()] = variable.defaultValue;
            continue;
        }
        switch (variable.type) {
        case VariableType::String: values[variable.name.toStdString()] = variable.name.toStdString(); break;
        case VariableType::Number: values[variable.name.toStdString()] = 0; break;
        case VariableType::Boolean: values[variable.name.toStdString()] = false; break;
        case VariableType::Enum:
            values[variable.name.toStdString()] = variable.choices.value(0).toStdString();
            break;
        case VariableType::Json: values[variable.name.toStdString()] = json::array(); break;
        }
    }
    return values;
}

} // namespace

PromptEditor::PromptEditor(QWidget *parent)
    : QWidget(parent), m_messageLayout(new QVBoxLayout), m_variables(new VariablesTable), m_model(new ModelConfigForm),
      m_problems(new QListWidget), m_tokens(new QLabel), m_lintTimer(new QTimer(this))
{
    auto *messagesHost = new QWidget;
    auto *hostLayout = new QVBoxLayout(messagesHost);
    hostLayout->setContentsMargins(0, 0, 0, 0);
    m_messageLayout->setSpacing(8);
    hostLayout->addLayout(m_messageLayout);
    auto *add = new QPushButton(tr("Add Message"));
    connect(add, &QPushButton::clicked, this, [this] {
        addMessage({ core::Role::User, QString(), {}, {} });
        onChanged();
    });
    hostLayout->addWidget(add, 0, Qt::AlignLeft);
    hostLayout->addStretch(1);
    auto *scroll = new QScrollArea;
    scroll->setWidget(messagesHost);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    m_problems->setObjectName(QStringLiteral("problems"));
    m_problems->setMaximumHeight(110);
    m_tokens->setObjectName(QStringLiteral("tokens"));
    m_tokens->setWordWrap(true);
    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(scroll, 1);
    leftLayout->addWidget(m_tokens);
    leftLayout->addWidget(m_problems);

    auto *variablesBox = new QGroupBox(tr("Variables"));
    (new QVBoxLayout(variablesBox))->addWidget(m_variables);
    auto *modelBox = new QGroupBox(tr("Model"));
    (new QVBoxLayout(modelBox))->addWidget(m_model);
    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(variablesBox, 1);
    rightLayout->addWidget(modelBox);

    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    m_lintTimer->setSingleShot(true);
    m_lintTimer->setInterval(200);
    connect(m_lintTimer, &QTimer::timeout, this, &PromptEditor::lintNow);
    connect(m_variables, &VariablesTable::changed, this, &PromptEditor::onChanged);
    connect(m_model, &ModelConfigForm::changed, this, &PromptEditor::onChanged);
}

void PromptEditor::addMessage(const core::prompts::MessageTemplate &message)
{
    auto *edit = new MessageTemplateEdit(static_cast<int>(m_messages.size()));
    edit->setMessage(message);
    m_messages.push_back(edit);
    m_messageLayout->addWidget(edit);
    connect(edit, &MessageTemplateEdit::changed, this, &PromptEditor::onChanged);
    connect(edit, &MessageTemplateEdit::removeRequested, this, [this, edit] {
        std::vector<core::prompts::MessageTemplate> kept;
        for (MessageTemplateEdit *other : m_messages)
            if (other != edit)
                kept.push_back(other->message());
        rebuildMessages(kept);
        onChanged();
    });
}

void PromptEditor::rebuildMessages(const std::vector<core::prompts::MessageTemplate> &messages)
{
    for (MessageTemplateEdit *edit : m_messages)
        edit->deleteLater();
    m_messages.clear();
    for (const auto &message : messages)
        addMessage(message);
}

void PromptEditor::setContent(const PromptContent &content)
{
    m_loading = true;
    rebuildMessages(content.messages);
    m_variables->setVariables(content.variables);
    m_model->setConfig(content.model);
    m_loading = false;
    lintNow();
}

PromptContent PromptEditor::content() const
{
    PromptContent out;
    for (const MessageTemplateEdit *edit : m_messages)
        out.messages.push_back(edit->message());
    out.variables = m_variables->variables();
    out.model = m_model->config();
    return out;
}

void PromptEditor::setModels(const QHash<QString, ModelInfo> &models)
{
    m_models = models;
    QStringList aliases = models.keys();
    aliases.sort();
    m_model->setAliases(aliases);
    lintNow();
}

MessageTemplateEdit *PromptEditor::messageEdit(int index) const
{
    return index >= 0 && index < messageCount() ? m_messages[std::size_t(index)] : nullptr;
}

void PromptEditor::onChanged()
{
    if (m_loading)
        return;
    Q_EMIT edited();
    m_lintTimer->start();
}

QString PromptEditor::tokenLine(const PromptContent &content) const
{
    const auto info = m_models.constFind(content.model.target());
    const QString kind = info != m_models.cend() ? info->providerKind : content.model.provider;
    const QString model = info != m_models.cend() ? info->model : content.model.model;
    auto rendered = core::prompts::render(content, sampleValues(content));
    if (!rendered)
        return tr("Token count: fix the problems below first.");
    const auto count = core::prompts::countChatTokens(kind, model, rendered->messages);
    const QLocale locale;
    QString line = count.estimate ? tr("About %1 prompt tokens (an estimate: %2 does not use an OpenAI tokenizer)")
                                        .arg(locale.toString(count.tokens), model.isEmpty() ? tr("this model") : model)
                                  : tr("%1 prompt tokens (%2)").arg(locale.toString(count.tokens), count.encoding);
    if (info != m_models.cend() && info->contextWindow > 0) {
        const qint64 reserve = content.model.maxOutputTokens.value_or(0);
        const double share = 100.0 * double(count.tokens + reserve) / double(info->contextWindow);
        line += tr(" · %1% of the %2-token context window with the output cap")
                    .arg(QString::number(share, 'f', share < 1 ? 2 : 0), locale.toString(info->contextWindow));
        if (count.tokens + reserve > info->contextWindow)
            line = QStringLiteral("<span style='color:#b02020'>%1</span>").arg(line.toHtmlEscaped());
    } else {
        line += tr(" · context window not known for this model");
    }
    return tr("Defaults or stand-ins fill the variables. ") + line;
}

void PromptEditor::lintNow()
{
    const PromptContent draft = content();
    const QStringList used = core::prompts::variablesUsed(draft);
    m_variables->syncWith(used);
    const PromptContent synced = content(); // with the variables the templates just added
    for (MessageTemplateEdit *edit : m_messages)
        edit->setDeclarations(synced);
    m_lint = core::prompts::lint(synced);
    m_problems->clear();
    for (const TemplateProblem &problem : m_lint) {
        auto *item = new QListWidgetItem(problem.text, m_problems);
        item->setForeground(problem.severity == TemplateProblem::Error ? QColor(0xb0, 0x20, 0x20) : QColor(0x9a, 0x6a, 0x00));
    }
    for (const QString &problem : m_model->problems())
        (new QListWidgetItem(problem, m_problems))->setForeground(QColor(0xb0, 0x20, 0x20));
    if (m_problems->count() == 0)
        new QListWidgetItem(tr("No problems: the templates and the variables agree."), m_problems);
    m_tokens->setText(tokenLine(synced));
}

QStringList PromptEditor::blockingProblems() const
{
    QStringList out;
    for (const TemplateProblem &problem : core::prompts::validateForSave(content()))
        out.push_back(problem.text);
    out += m_model->problems();
    if (m_messages.empty())
        out.push_back(tr("A prompt needs at least one message."));
    return out;
}

} // namespace switchboard::ui
