#pragma once

#include "prompts/prompt.h"
#include "store/workspacelocation.h"

#include <QHash>
#include <QWidget>

#include <memory>

class QCheckBox;
class QFormLayout;
class QPushButton;

namespace switchboard::core::execute {
class PlaygroundRunner;
}

namespace switchboard::ui {

class PlaygroundPane;

// Try a version before it ships: fill its variables, run it through the executor (the answer
// streams in), and compare two versions, or one version on two models, on the same inputs.
class PlaygroundView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlaygroundView)

public:
    explicit PlaygroundView(QWidget *parent = nullptr);
    ~PlaygroundView() override;

    void setWorkspace(const core::store::WorkspaceLocation &location);
    void clearWorkspace();
    void setPrompt(const core::prompts::Prompt &prompt);
    void setAliases(QStringList aliases);

    void setValue(const QString &variable, const QString &text);
    void setComparing(bool comparing);
    void run();
    void stop();
    PlaygroundPane *pane(int index) const;

Q_SIGNALS:
    // Both (or the one) panes have finished.
    void runFinished();

private:
    void rebuildVariables();
    void runPane(int slot);
    void paneDone(int slot);

    std::unique_ptr<core::execute::PlaygroundRunner> m_runner;
    core::prompts::Prompt m_prompt;
    QFormLayout *m_variables;
    QHash<QString, QWidget *> m_inputs;
    PlaygroundPane *m_panes[2];
    QCheckBox *m_compare;
    QPushButton *m_run;
    QPushButton *m_stop;
    int m_running = 0;
};

} // namespace switchboard::ui
