#include "settings/createkeydialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace switchboard::ui {

namespace {

QSpinBox *perMinute(const QString &suffix)
{
    auto *box = new QSpinBox;
    box->setRange(0, 100'000'000);
    box->setGroupSeparatorShown(true);
    box->setSpecialValueText(QObject::tr("no limit"));
    box->setSuffix(suffix);
    return box;
}

QDoubleSpinBox *budget(const QString &suffix)
{
    auto *box = new QDoubleSpinBox;
    box->setRange(0, 1'000'000);
    box->setDecimals(2);
    box->setPrefix(QStringLiteral("$"));
    box->setSpecialValueText(QObject::tr("no budget"));
    box->setSuffix(suffix);
    return box;
}

std::optional<qint64> micros(const QDoubleSpinBox *box)
{
    return box->value() > 0 ? std::optional<qint64>(qRound64(box->value() * 1e6)) : std::nullopt;
}

} // namespace

CreateKeyDialog::CreateKeyDialog(const QStringList &aliases, QWidget *parent)
    : QDialog(parent), m_name(new QLineEdit), m_tenant(new QLineEdit), m_aliases(new QListWidget),
      m_rpm(perMinute(tr(" requests/min"))), m_tpm(perMinute(tr(" tokens/min"))), m_daily(budget(tr(" per day"))),
      m_monthly(budget(tr(" per month")))
{
    setWindowTitle(tr("Create a gateway key"));
    setObjectName(QStringLiteral("create-key-dialog"));
    m_name->setPlaceholderText(tr("e.g. acme-prod; the tenant's name when empty"));
    m_tenant->setPlaceholderText(tr("who the calls are for, e.g. acme"));
    for (const QString &alias : aliases) {
        auto *item = new QListWidgetItem(alias, m_aliases);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    m_aliases->setMaximumHeight(m_aliases->fontMetrics().lineSpacing() * 6);

    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight);
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Tenant"), m_tenant);
    form->addRow(tr("May call"), m_aliases);
    form->addRow(QString(), new QLabel(tr("<small>Tick none to allow every alias.</small>")));
    form->addRow(tr("Rate limit"), m_rpm);
    form->addRow(QString(), m_tpm);
    form->addRow(tr("Budget"), m_daily);
    form->addRow(QString(), m_monthly);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Create Key"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_tenant, &QLineEdit::textChanged, this, &CreateKeyDialog::updateOk);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("The key is shown once when it is made; the workspace keeps only its hash.")));
    layout->addLayout(form);
    layout->addWidget(buttons);
    setMinimumWidth(460);
    updateOk();
}

core::gateway::GatewayKey CreateKeyDialog::key() const
{
    core::gateway::GatewayKey key;
    key.tenant = m_tenant->text().trimmed();
    key.name = m_name->text().trimmed().isEmpty() ? key.tenant : m_name->text().trimmed();
    for (int row = 0; row < m_aliases->count(); ++row) {
        if (m_aliases->item(row)->checkState() == Qt::Checked)
            key.allowedAliases << m_aliases->item(row)->text();
    }
    key.requestsPerMinute = m_rpm->value();
    key.tokensPerMinute = m_tpm->value();
    key.budgetMicrosPerDay = micros(m_daily);
    key.budgetMicrosPerMonth = micros(m_monthly);
    return key;
}

void CreateKeyDialog::updateOk()
{
    m_ok->setEnabled(!m_tenant->text().trimmed().isEmpty());
}

void showSecretOnce(QWidget *parent, const QString &keyName, const QByteArray &secret)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(QObject::tr("Key \"%1\" created").arg(keyName));
    dialog.setObjectName(QStringLiteral("secret-dialog"));
    auto *value = new QLineEdit(QString::fromLatin1(secret));
    value->setReadOnly(true);
    value->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    value->setMinimumWidth(value->fontMetrics().horizontalAdvance(value->text()) + 24);
    auto *copy = new QPushButton(QObject::tr("Copy"));
    QObject::connect(copy, &QPushButton::clicked, &dialog, [value] { QApplication::clipboard()->setText(value->text()); });
    auto *row = new QHBoxLayout;
    row->addWidget(value, 1);
    row->addWidget(copy);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok);
    buttons->button(QDialogButtonBox::Ok)->setText(QObject::tr("I Have Stored It"));
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(QObject::tr("<b>This is the only time the key is shown.</b> Store it where the "
                                             "application reads its API key; Switchboard keeps only its hash.")));
    layout->addLayout(row);
    layout->addWidget(buttons);
    dialog.exec();
}

} // namespace switchboard::ui
