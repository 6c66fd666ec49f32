#include "prompts/playgroundview.h"

#include "execute/playgroundrunner.h"
#include "prompts/playgroundpane.h"
#include "prompts/promptrenderer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace switchboard::ui {

using core::prompts::PromptVariable;
using core::prompts::VariableType;
using nlohmann::json;


PlaygroundView::PlaygroundView(QWidget *parent)
    : QWidget(parent), m_variables(new QFormLayout),
      m_panes { new PlaygroundPane(tr("A")), new PlaygroundPane(tr("B")) }, m_compare(new QCheckBox(tr("Compare side by side"))),
      m_run(new QPushButton(tr("Run"))), m_stop(new QPushButton(tr("Stop")))
{
    m_run->setObjectName(QStringLiteral("playground-run"));
    m_run->setDefault(true);
    m_stop->setEnabled(false);
    auto *variablesBox = new QGroupBox(tr("Variables"));
    variablesBox->setLayout(m_variables);
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_compare);
    controls->addStretch(1);
    controls->addWidget(m_stop);
    controls->addWidget(m_run);
    auto *panes = new QHBoxLayout;
    panes->addWidget(m_panes[0]);
    panes->addWidget(m_panes[1]);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(variablesBox);
    layout->addLayout(controls);
    layout->addLayout(panes, 1);
    m_panes[1]->hide();

    connect(m_compare, &QCheckBox::toggled, m_panes[1], &QWidget::setVisible);
    connect(m_run, &QPushButton::clicked, this, &PlaygroundView::run);
    connect(m_stop, &QPushButton::clicked, this, &PlaygroundView::stop);
    for (PlaygroundPane *pane : m_panes)
        connect(pane, &PlaygroundPane::versionChanged, this, &PlaygroundView::rebuildVariables);
}

PlaygroundView::~PlaygroundView() = default;

void PlaygroundView::setWorkspace(const core::store::WorkspaceLocation &location)
{
    m_running = 0;
    m_runner = std::make_unique<core::execute::PlaygroundRunner>(location);
    connect(m_runner.get(), &core::execute::PlaygroundRunner::started, this,
            [this](int slot, const QString &provider, const QString &model) { pane(slot)->showStarted(provider, model); });
    connect(m_runner.get(), &core::execute::PlaygroundRunner::delta, this,
            [this](int slot, const QString &text) { pane(slot)->appendText(text); });
    connect(m_runner.get(), &core::execute::PlaygroundRunner::finished, this,
            [this](int slot, const core::execute::CallOutcome &outcome) {
                pane(slot)->showOutcome(outcome);
                paneDone(slot);
            });
    connect(m_runner.get(), &core::execute::PlaygroundRunner::failed, this, [this](int slot, const QString &message) {
        pane(slot)->showFailure(message);
        paneDone(slot);
    });
}

void PlaygroundView::clearWorkspace()
{
    m_runner.reset(); // stops its thread, cancelling what runs
    m_running = 0;
    m_run->setEnabled(true);
    m_stop->setEnabled(false);
    setPrompt({});
}

void PlaygroundView::setPrompt(const core::prompts::Prompt &prompt)
{
    const bool samePrompt = prompt.name == m_prompt.name;
    m_prompt = prompt;
    const auto production = prompt.labelled(QString(core::prompts::kProductionLabel));
    const qint64 latest = prompt.latest() ? prompt.latest()->number : 0;
    if (!samePrompt) {
        m_panes[0]->setPrompt(prompt, production.value_or(latest));
        m_panes[1]->setPrompt(prompt, latest);
    }
    rebuildVariables();
}

void PlaygroundView::setAliases(QStringList aliases)
{
    aliases.sort();
    for (PlaygroundPane *pane : m_panes)
        pane->setAliases(aliases);
}

PlaygroundPane *PlaygroundView::pane(int index) const
{
    return m_panes[index == 1 ? 1 : 0];
}

void PlaygroundView::rebuildVariables()
{
    QHash<QString, QString> typed;
    for (auto it = m_inputs.cbegin(); it != m_inputs.cend(); ++it) {
        if (auto *line = qobject_cast<QLineEdit *>(it.value()))
            typed.insert(it.key(), line->text());
        else if (auto *box = qobject_cast<QComboBox *>(it.value()))
            typed.insert(it.key(), box->currentText());
        else if (auto *check = qobject_cast<QCheckBox *>(it.value()))
            typed.insert(it.key(), check->isChecked() ? QStringLiteral("true") : QStringLiteral("false"));
    }
    while (m_variables->rowCount() > 0)
        m_variables->removeRow(0);
    m_inputs.clear();
    for (const PlaygroundPane *pane : m_panes) {
        const auto *version = m_prompt.version(pane->version());
        if (!version)
            continue;
        for (const PromptVariable &variable : version->content.variables) {
            if (m_inputs.contains(variable.name))
                continue;
            const QString text = typed.value(variable.name, core::prompts::textOfValue(variable.defaultValue));
            QWidget *input = nullptr;
            if (variable.type == VariableType::Boolean) {
                auto *check = new QCheckBox;
                check->setChecked(text == QLatin1String("true"));
                input = check;
            } else if (variable.type == VariableType::Enum) {
                auto *box = new QComboBox;
                box->addItems(variable.choices);
                box->setCurrentText(text);
                input = box;
            } else {
                auto *line = new QLineEdit(text);
                line->setPlaceholderText(variable.required ? tr("required %1").arg(core::prompts::nameOf(variable.type))
                                                           : tr("optional %1").arg(core::prompts::nameOf(variable.type)));
                input = line;
            }
            input->setObjectName(QStringLiteral("value-") + variable.name);
            input->setToolTip(variable.description);
            m_variables->addRow(variable.name, input);
            m_inputs.insert(variable.name, input);
        }
    }
    if (m_inputs.isEmpty())
        m_variables->addRow(new QLabel(tr("This version takes no variables.")));
}

void PlaygroundView::setValue(const QString &variable, const QString &text)
{
    QWidget *input = m_inputs.value(variable);
    if (auto *line = qobject_cast<QLineEdit *>(input))
        line->setText(text);
    else if (auto *box = qobject_cast<QComboBox *>(input))
        box->setCurrentText(text);
    else if (auto *check = qobject_cast<QCheckBox *>(input))
        check->setChecked(text == QLatin1String("true"));
}

void PlaygroundView::setComparing(bool comparing)
{
    m_compare->setChecked(comparing);
}

void PlaygroundView::run()
{
    if (!m_runner)
        return;
    m_running = 0;
    runPane(0);
    if (m_compare->isChecked())
        runPane(1);
    m_run->setEnabled(m_running == 0);
    m_stop->setEnabled(m_running > 0);
}

void PlaygroundView::runPane(int slot)
{
    PlaygroundPane *target = pane(slot);
    const auto *version = m_prompt.version(target->version());
    if (!version) {
        target->showFailure(tr("This prompt has no saved version to run yet."));
        return;
    }
    json values = json::object();
    for (const PromptVariable &variable : version->content.variables) {
        QWidget *input = m_inputs.value(variable.name);
        QString text;
        if (auto *line = qobject_cast<QLineEdit *>(input))
            text = line->text();
        else if (auto *box = qobject_cast<QComboBox *>(input))
            text = box->currentText();
        else if (auto *check = qobject_cast<QCheckBox *>(input))
            text = check->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
        if (!text.isEmpty())
            values[variable.name.toStdString()] = core::prompts::valueFromText(text, variable.type);
    }
    auto request = core::prompts::render(version->content, values);
    if (!request) {
        target->showFailure(request.error().message);
        return;
    }
    core::execute::PlaygroundRun run;
    run.slot = slot;
    run.request = std::move(*request);
    run.promptName = m_prompt.name;
    run.promptVersion = int(version->number);
    const QString override = target->modelOverride();
    const core::prompts::ModelConfig &model = version->content.model;
    const QString chosen = override.isEmpty() ? model.target() : override;
    if (const qsizetype slash = chosen.indexOf(u'/'); slash > 0) {
        run.provider = chosen.left(slash);
        run.model = chosen.mid(slash + 1);
    } else {
        run.alias = chosen;
    }
    ++m_running;
    m_runner->run(run);
}

void PlaygroundView::paneDone(int)
{
    if (m_running > 0 && --m_running > 0)
        return;
    m_run->setEnabled(true);
    m_stop->setEnabled(false);
    Q_EMIT runFinished();
}

void PlaygroundView::stop()
{
    if (!m_runner)
        return;
    m_runner->cancel(0);
    m_runner->cancel(1);
}

} // namespace switchboard::ui
