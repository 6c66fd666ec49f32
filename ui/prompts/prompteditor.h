#pragma once

#include "prompts/promptcontent.h"
#include "prompts/templateproblem.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;
class QTimer;
class QVBoxLayout;

namespace switchboard::ui {

class MessageTemplateEdit;
class ModelConfigForm;
class VariablesTable;

// What the editor needs to know of a model to count a prompt against it.
struct ModelInfo
{
    QString providerKind;
    QString model;
    qint64 contextWindow = 0; // 0: not known
};

// Edits one prompt version's content: the message templates, the variables panel that fills
// itself from them, and the model configuration; lints as you type (template syntax,
// undefined and unused variables, the rendered prompt's tokens against the model's window).
class PromptEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromptEditor)

public:
    explicit PromptEditor(QWidget *parent = nullptr);

    void setContent(const core::prompts::PromptContent &content);
    core::prompts::PromptContent content() const;
    // The problems that block saving, one sentence each; empty when it can be saved.
    QStringList blockingProblems() const;

    void setModels(const QHash<QString, ModelInfo> &models);
    MessageTemplateEdit *messageEdit(int index) const;
    int messageCount() const { return static_cast<int>(m_messages.size()); }

Q_SIGNALS:
    void edited();

private:
    void addMessage(const core::prompts::MessageTemplate &message);
    void rebuildMessages(const std::vector<core::prompts::MessageTemplate> &messages);
    void onChanged();
    void lintNow();
    QString tokenLine(const core::prompts::PromptContent &content) const;

    QVBoxLayout *m_messageLayout;
    std::vector<MessageTemplateEdit *> m_messages;
    VariablesTable *m_variables;
    ModelConfigForm *m_model;
    QListWidget *m_problems;
    QLabel *m_tokens;
    QTimer *m_lintTimer;
    QHash<QString, ModelInfo> m_models;
    std::vector<core::prompts::TemplateProblem> m_lint;
    bool m_loading = false;
};

} // namespace switchboard::ui
