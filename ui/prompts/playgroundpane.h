#pragma once

#include "execute/callspec.h"
#include "prompts/prompt.h"

#include <QFrame>

class QComboBox;
class QLabel;
class QPlainTextEdit;

namespace switchboard::ui {

// One side of the playground: which version and which model to run, the answer as it
// streams, and what the call took: latency, time to first token, tokens, cost, and how it
// failed if it did.
class PlaygroundPane final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlaygroundPane)

public:
    explicit PlaygroundPane(const QString &title, QWidget *parent = nullptr);

    void setPrompt(const core::prompts::Prompt &prompt, qint64 preferredVersion);
    void setAliases(const QStringList &aliases);
    qint64 version() const;
    // Empty: the model the version names.
    QString modelOverride() const;
    void selectVersion(qint64 number);
    void setModelOverride(const QString &target);

    void showStarted(const QString &provider, const QString &model);
    void appendText(const QString &text);
    void showOutcome(const core::execute::CallOutcome &outcome);
    void showFailure(const QString &message);
    QString output() const;
    QString metrics() const;

Q_SIGNALS:
    void versionChanged();

private:
    QComboBox *m_version;
    QComboBox *m_model;
    QPlainTextEdit *m_output;
    QLabel *m_metrics;
};

} // namespace switchboard::ui
