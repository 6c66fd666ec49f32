#include "evals/evalrundialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace switchboard::ui {

EvalRunDialog::EvalRunDialog(const Choices &choices, const core::evals::EvalRunSpec &suggested, QWidget *parent)
    : QDialog(parent)
    , m_choices(choices)
    , m_prompt(new QComboBox(this))
    , m_version(new QComboBox(this))
    , m_model(new QComboBox(this))
    , m_dataset(new QComboBox(this))
    , m_repeats(new QSpinBox(this))
    , m_concurrency(new QSpinBox(this))
    , m_judge(new QComboBox(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("New Eval Run"));
    setObjectName(QStringLiteral("eval-run-dialog"));
    for (const PromptChoice &prompt : m_choices.prompts)
        m_prompt->addItem(prompt.name);
    m_model->addItem(tr("The version's own model"), QString());
    m_judge->addItem(tr("The model under test"), QString());
    for (const QString &alias : m_choices.aliases) {
        m_model->addItem(alias, alias);
        m_judge->addItem(alias, alias);
    }
    m_dataset->addItems(m_choices.datasets);
    m_repeats->setRange(1, core::evals::kMaxEvalRepeats);
    m_repeats->setValue(suggested.repeats);
    m_repeats->setSuffix(tr(" time(s)"));
    m_repeats->setToolTip(tr("Ask each item more than once to see how much the answers vary"));
    m_concurrency->setRange(1, core::evals::kMaxEvalConcurrency);
    m_concurrency->setValue(suggested.concurrency);
    m_concurrency->setSuffix(tr(" call(s)"));
    m_concurrency->setToolTip(tr("Calls in flight at once, rubric judges included; keep it within the provider's rate limit"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #dc2626;"));

    if (const int found = m_prompt->findText(suggested.promptName); found >= 0)
        m_prompt->setCurrentIndex(found);
    fillVersions();
    if (suggested.promptVersion > 0)
        if (const int found = m_version->findData(suggested.promptVersion); found >= 0)
            m_version->setCurrentIndex(found);
    if (const int found = m_model->findData(suggested.alias); found >= 0)
        m_model->setCurrentIndex(found);
    if (const int found = m_dataset->findText(suggested.dataset); found >= 0)
        m_dataset->setCurrentIndex(found);
    if (const int found = m_judge->findData(suggested.judge); found >= 0)
        m_judge->setCurrentIndex(found);
    connect(m_prompt, &QComboBox::currentIndexChanged, this, [this] {
        fillVersions();
        check();
    });
    connect(m_dataset, &QComboBox::currentIndexChanged, this, &EvalRunDialog::check);

    auto *form = new QFormLayout;
    form->addRow(tr("Prompt"), m_prompt);
    form->addRow(tr("Version"), m_version);
    form->addRow(tr("Model"), m_model);
    form->addRow(tr("Dataset"), m_dataset);
    form->addRow(tr("Ask each item"), m_repeats);
    form->addRow(tr("At most"), m_concurrency);
    form->addRow(tr("Rubric judge"), m_judge);
    auto *note = new QLabel(tr("Each case is a call of its own in the request log (origin eval), left out of the "
                               "dashboards. A cancelled run keeps its cases and resumes with the rest."),
                            this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Run"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    setMinimumWidth(440);
    check();
}

void EvalRunDialog::fillVersions()
{
    m_version->clear();
    const int index = m_prompt->currentIndex();
    if (index < 0 || index >= int(m_choices.prompts.size()))
        return;
    const PromptChoice &prompt = m_choices.prompts[std::size_t(index)];
    int preferred = 0;
    for (auto it = prompt.versions.rbegin(); it != prompt.versions.rend(); ++it) {
        const auto &[number, labels] = *it;
        m_version->addItem(labels.isEmpty() ? QString::number(number) : tr("%1 (%2)").arg(number).arg(labels), number);
        if (labels.contains(QLatin1String("staging")))
            preferred = m_version->count() - 1; // what is up for review, by default
    }
    m_version->setCurrentIndex(preferred);
}

void EvalRunDialog::check()
{
    QString problem;
    if (m_choices.prompts.empty())
        problem = tr("The workspace has no prompts: an eval runs a prompt version. Add one on the Prompts page.");
    else if (m_choices.datasets.isEmpty())
        problem = tr("The workspace has no datasets: import one, or add calls to one from the Requests page.");
    m_problem->setText(problem);
    m_problem->setHidden(problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

core::evals::EvalRunSpec EvalRunDialog::spec() const
{
    core::evals::EvalRunSpec spec;
    spec.promptName = m_prompt->currentText();
    spec.promptVersion = m_version->currentData().toLongLong();
    spec.alias = m_model->currentData().toString();
    spec.dataset = m_dataset->currentText();
    spec.repeats = m_repeats->value();
    spec.concurrency = m_concurrency->value();
    spec.judge = m_judge->currentData().toString();
    return spec;
}

} // namespace switchboard::ui
