#include "settings/gatewaykeyspanel.h"

#include "common/reasondialog.h"
#include "common/storeclient.h"
#include "common/treewidgets.h"
#include "model/localauthor.h"
#include "settings/createkeydialog.h"
#include "store/gatewaykeyrepository.h"
#include "store/pinrepository.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace switchboard::ui {

using core::Result;
using core::gateway::GatewayKey;
using core::store::Connection;
using core::store::GatewayKeyRepository;

namespace {

QString limit(qint64 perMinute, const QString &unit)
{
    return perMinute > 0 ? QStringLiteral("%1 %2").arg(perMinute).arg(unit) : QString();
}

QString usd(const std::optional<qint64> &micros, const QString &period)
{
    return micros ? QStringLiteral("$%1/%2").arg(double(*micros) / 1e6, 0, 'f', 2).arg(period) : QString();
}

QString joined(const QStringList &parts)
{
    QStringList kept;
    for (const QString &part : parts)
        if (!part.isEmpty())
            kept << part;
    return kept.isEmpty() ? QObject::tr("none") : kept.join(QLatin1String(", "));
}

} // namespace

GatewayKeysPanel::GatewayKeysPanel(StoreClient *store, QWidget *parent)
    : QGroupBox(tr("Gateway keys"), parent), m_store(store),
      m_table(makeTable({ tr("Name"), tr("Key"), tr("Tenant"), tr("May call"), tr("Rate limit"), tr("Budget"), tr("Created"),
                          tr("Status") },
                        QStringLiteral("gateway-keys"))),
      m_create(new QPushButton(tr("Create Key…"))), m_revoke(new QPushButton(tr("Revoke…")))
{
    m_table->setMinimumHeight(m_table->fontMetrics().lineSpacing() * 8);
    m_create->setObjectName(QStringLiteral("create-key"));
    m_revoke->setObjectName(QStringLiteral("revoke-key"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_create);
    buttons->addWidget(m_revoke);
    buttons->addStretch(1);
    auto *hint = new QLabel(tr("Applications send a key as their API key. It names the tenant its calls are for and "
                               "holds them to its limits; only its hash is kept, so a lost key is revoked and replaced."));
    hint->setWordWrap(true);
    hint->setStyleSheet(QStringLiteral("color: #6b6b6b"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(hint);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(m_create, &QPushButton::clicked, this, &GatewayKeysPanel::askToCreate);
    connect(m_revoke, &QPushButton::clicked, this, &GatewayKeysPanel::askToRevoke);
    connect(m_table, &QTreeWidget::currentItemChanged, this, &GatewayKeysPanel::updateButtons);
    updateButtons();
}

void GatewayKeysPanel::refresh()
{
    struct Listed
    {
        std::vector<GatewayKey> keys;
        QStringList aliases;
    };
    m_store->submit<Listed>(
        [](Connection &connection) -> Result<Listed> {
            auto keys = GatewayKeyRepository(connection).list();
            if (!keys)
                return std::unexpected(keys.error());
            auto pins = core::store::PinRepository(connection).list();
            if (!pins)
                return std::unexpected(pins.error());
            Listed listed { std::move(*keys), {} };
            for (const auto &pin : *pins)
                listed.aliases << pin.alias;
            return listed;
        },
        this,
        [this](const Result<Listed> &read) {
            m_table->clear();
            if (!read) {
                Q_EMIT failed(read.error().message);
                return;
            }
            m_aliases = read->aliases;
            for (const GatewayKey &key : read->keys) {
                auto *item = new QTreeWidgetItem(
                    { key.name, key.prefix + QStringLiteral("…"), key.tenant,
                      key.allowedAliases.isEmpty() ? tr("every alias") : key.allowedAliases.join(QLatin1String(", ")),
                      joined({ limit(key.requestsPerMinute, tr("rpm")), limit(key.tokensPerMinute, tr("tpm")) }),
                      joined({ usd(key.budgetMicrosPerDay, tr("day")), usd(key.budgetMicrosPerMonth, tr("month")) }),
                      shortTime(key.createdMs), key.revokedMs ? tr("revoked %1").arg(shortTime(*key.revokedMs)) : tr("active") });
                item->setData(0, Qt::UserRole, key.revokedMs.has_value());
                if (key.revokedMs) {
                    for (int column = 0; column < item->columnCount(); ++column)
                        item->setForeground(column, palette().color(QPalette::Disabled, QPalette::Text));
                }
                m_table->addTopLevelItem(item);
            }
            fitColumns(m_table);
            updateButtons();
            Q_EMIT listed();
        });
}

void GatewayKeysPanel::clear()
{
    m_table->clear();
    updateButtons();
}

void GatewayKeysPanel::create(const GatewayKey &key)
{
    m_store->submit<core::store::CreatedGatewayKey>(
        [key, actor = core::localAuthor()](Connection &connection) { return GatewayKeyRepository(connection).create(key, actor); },
        this,
        [this](const Result<core::store::CreatedGatewayKey> &made) {
            if (!made) {
                Q_EMIT failed(made.error().message);
                return;
            }
            refresh();
            Q_EMIT created(made->key.name);
            showSecretOnce(this, made->key.name, made->secret);
        });
}

void GatewayKeysPanel::revoke(const QString &name, const QString &reason)
{
    m_store->submit<std::monostate>(
        [name, reason, actor = core::localAuthor()](Connection &connection) -> Result<std::monostate> {
            if (auto done = GatewayKeyRepository(connection).revoke(name, reason, actor); !done)
                return std::unexpected(done.error());
            return std::monostate {};
        },
        this,
        [this, name](const Result<std::monostate> &done) {
            if (!done) {
                Q_EMIT failed(done.error().message);
                return;
            }
            refresh();
            Q_EMIT revoked(name);
        });
}

void GatewayKeysPanel::askToCreate()
{
    CreateKeyDialog dialog(m_aliases, this);
    if (dialog.exec() == QDialog::Accepted)
        create(dialog.key());
}

void GatewayKeysPanel::askToRevoke()
{
    const QTreeWidgetItem *item = m_table->currentItem();
    if (!item)
        return;
    const QString name = item->text(0);
    if (const auto reason = askForReason(this, tr("Revoke key \"%1\"").arg(name),
                                         tr("Calls with this key will be refused at once. Why revoke it?")))
        revoke(name, *reason);
}

void GatewayKeysPanel::updateButtons()
{
    const QTreeWidgetItem *item = m_table->currentItem();
    m_revoke->setEnabled(item && !item->data(0, Qt::UserRole).toBool());
}

} // namespace switchboard::ui
