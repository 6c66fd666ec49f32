#include "models/repindialog.h"

#include "models/modelformat.h"
#include "routing/snapshotname.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace switchboard::ui {

RepinDialog::RepinDialog(const std::vector<core::ProviderConfig> &providers,
    const std::vector<CatalogueEntry> &catalogue, const std::optional<core::store::Pin> &current,
    QWidget *parent)
    : QDialog(parent)
    , m_catalogue(catalogue)
    , m_current(current)
    , m_alias(new QLineEdit)
    , m_provider(new QComboBox)
    , m_model(new QComboBox)
    , m_modelInfo(new QLabel)
    , m_floating(new QLabel)
    , m_reason(new QLineEdit)
    , m_problem(new QLabel)
    , m_ok(nullptr)
{
    setObjectName(QStringLiteral("repin-dialog"));
    setWindowTitle(current ? tr("Repin %1").arg(current->alias) : tr("New Pin"));
    setMinimumWidth(560);

    auto *intro = new QLabel(current
            ? tr("<b>%1</b> points at <b>%2 / %3</b> (v%4). Choose where it points from now on.")
                  .arg(current->alias.toHtmlEscaped(), current->provider.toHtmlEscaped(),
                      current->model.toHtmlEscaped())
                  .arg(current->version)
            : tr("Name an alias for applications to call, and bind it to a dated model "
                 "snapshot on one provider."));
    intro->setWordWrap(true);

    m_alias->setPlaceholderText(tr("support-answer"));
    if (current) {
        m_alias->setText(current->alias);
        m_alias->setReadOnly(true);
    }
    for (const core::ProviderConfig &provider : providers)
        m_provider->addItem(provider.name);
    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->lineEdit()->setPlaceholderText(tr("a dated snapshot, such as gpt-4o-2024-08-06"));
    m_modelInfo->setForegroundRole(QPalette::PlaceholderText);
    m_floating->setObjectName(QStringLiteral("floating-warning"));
    m_floating->setWordWrap(true);
    m_floating->setStyleSheet(
        QStringLiteral("QLabel { background: rgba(217, 119, 6, 0.12); border: 1px solid "
                       "rgba(217, 119, 6, 0.6); border-radius: 4px; padding: 6px; }"));
    m_reason->setPlaceholderText(tr("Required: why, e.g. \"2024-08-06 passed the support evals\""));
    m_problem->setForegroundRole(QPalette::PlaceholderText);
    m_problem->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Alias:"), m_alias);
    form->addRow(tr("Provider:"), m_provider);
    form->addRow(tr("Model:"), m_model);
    form->addRow(QString(), m_modelInfo);
    form->addRow(tr("Reason:"), m_reason);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(current ? tr("Repin") : tr("Pin"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addSpacing(6);
    layout->addLayout(form);
    layout->addWidget(m_floating);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    connect(m_provider, &QComboBox::currentIndexChanged, this, &RepinDialog::fillModels);
    connect(m_model, &QComboBox::currentTextChanged, this, &RepinDialog::updateState);
    connect(m_alias, &QLineEdit::textChanged, this, &RepinDialog::updateState);
    connect(m_reason, &QLineEdit::textChanged, this, &RepinDialog::updateState);

    if (current)
        m_provider->setCurrentText(current->provider);
    fillModels();
    if (current)
        m_model->setCurrentText(current->model);
    (current ? static_cast<QWidget *>(m_model) : m_alias)->setFocus();
    updateState();
}

void RepinDialog::fillModels()
{
    // A model typed before the provider changed stays; one picked from the old list goes.
    const QString typed
        = m_model->findText(m_model->currentText()) < 0 ? m_model->currentText() : QString();
    const QString provider = m_provider->currentText();
    m_model->clear();
    for (const CatalogueEntry &entry : m_catalogue)
        if (entry.model.provider == provider)
            m_model->addItem(entry.model.name);
    if (!typed.isEmpty())
        m_model->setCurrentText(typed);
    updateState();
}

RepinDialog::Choice RepinDialog::choice() const
{
    return { m_alias->text().trimmed(), m_provider->currentText(), m_model->currentText().trimmed(),
        m_reason->text().trimmed() };
}

bool RepinDialog::targetIsFloating() const
{
    const QString model = m_model->currentText().trimmed();
    return !model.isEmpty() && core::routing::isFloatingModelName(model);
}

void RepinDialog::updateState()
{
    const Choice chosen = choice();
    const CatalogueEntry *known = nullptr;
    for (const CatalogueEntry &entry : m_catalogue)
        if (entry.model.provider == chosen.provider && entry.model.name == chosen.model)
            known = &entry;
    if (known) {
        QString info = tr("Context %1 tokens · max output %2")
                           .arg(tokenCount(known->model.contextWindow),
                               tokenCount(known->model.maxOutputTokens));
        info += known->price ? tr(" · %1 in / %2 out per Mtok")
                                   .arg(dollarsPerMtok(known->price->inputPerMtokMicros),
                                       dollarsPerMtok(known->price->outputPerMtokMicros))
                             : tr(" · no price in the price table");
        m_modelInfo->setText(info);
    } else {
        m_modelInfo->setText(
            chosen.model.isEmpty() ? QString() : tr("Not in this provider's catalogue."));
    }

    const bool floating = targetIsFloating();
    const bool resize = floating != m_floating->isVisibleTo(this);
    m_floating->setVisible(floating);
    m_floating->setText(tr(
        "⚠ %1 is a floating name: %2 can change the model behind it at any time, and every caller "
        "of the alias changes with it. Prefer a dated snapshot.")
                            .arg(chosen.model, chosen.provider));

    QString problem;
    if (chosen.alias.isEmpty())
        problem = tr("Name the alias.");
    else if (chosen.provider.isEmpty())
        problem
            = tr("The workspace has no provider: add one first (switchboard-cli provider add).");
    else if (chosen.model.isEmpty())
        problem = tr("Choose or type the model.");
    else if (m_current && m_current->provider == chosen.provider
        && m_current->model == chosen.model)
        problem = tr("The alias points there already: choose another model.");
    else if (chosen.reason.isEmpty())
        problem = tr("Give a reason: it goes to the pin's history and the audit log.");
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_ok->setEnabled(problem.isEmpty());
    if (resize && isVisible())
        adjustSize(); // the warning came or went: no gap where it was
}

} // namespace switchboard::ui
