#include "models/providerspanel.h"

#include "models/keystatus.h"
#include "models/providertablemodel.h"
#include "common/tablestyle.h"
#include "providers/keychain.h"

#include <QHBoxLayout>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace switchboard::ui {

ProvidersPanel::ProvidersPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new ProviderTableModel(this))
    , m_table(new QTableView)
    , m_setKey(new QPushButton(tr("Set Key…")))
{
    m_table->setObjectName(QStringLiteral("providers"));
    m_table->setModel(m_model);
    styleTable(m_table);
    m_setKey->setObjectName(QStringLiteral("set-key"));
    m_setKey->setToolTip(tr("Store the selected provider's API key in the system keychain. It is "
                            "never shown again."));

    auto *hint = new QLabel(tr("Keys are never shown: only whether one is set."));
    hint->setForegroundRole(QPalette::PlaceholderText);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_setKey);
    buttons->addSpacing(12);
    buttons->addWidget(hint, 1);

    auto *note
        = new QLabel(tr("Add a provider with <code>switchboard-cli provider add NAME --kind "
                        "openai --key-env OPENAI_API_KEY</code> (or <code>--keychain</code>); "
                        "a keychain key can also be stored with <code>switchboard-cli "
                        "provider set-key NAME</code>."));
    note->setWordWrap(true);
    note->setTextFormat(Qt::RichText);
    note->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    layout->addWidget(note);

    connect(m_model, &ProviderTableModel::dataChanged, this, [this] { fitColumns(m_table); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &ProvidersPanel::updateButtons);
    connect(m_setKey, &QPushButton::clicked, this, &ProvidersPanel::askForKey);
    updateButtons();
}

void ProvidersPanel::setSnapshot(const ModelsSnapshot &snapshot)
{
    const QString selected = selectedProvider();
    m_providers = snapshot.providers;
    m_model->setSnapshot(snapshot);
    fitColumns(m_table);
    for (int row = 0; row < m_model->rowCount(); ++row)
        if (m_model->providers()[std::size_t(row)].name == selected)
            m_table->selectRow(row);
    updateButtons();
    checkKeychainKeys();
}

void ProvidersPanel::clear()
{
    ++m_keyCheck;
    ++m_workspace;
    m_keychainStatus.clear();
    m_providers.clear();
    m_model->setSnapshot({});
    updateButtons();
}

QString ProvidersPanel::selectedProvider() const
{
    const int row = m_table->selectionModel()->currentIndex().row();
    return row >= 0 && row < int(m_model->providers().size())
        ? m_model->providers()[std::size_t(row)].name
        : QString();
}

void ProvidersPanel::updateButtons()
{
    const QString name = selectedProvider();
    bool keychain = false;
    for (const core::ProviderConfig &provider : m_providers)
        keychain = keychain
            || (provider.name == name && provider.keySource == core::KeySource::Keychain);
    m_setKey->setEnabled(keychain);
}

void ProvidersPanel::checkKeychainKeys()
{
    const quint64 check = ++m_keyCheck;
    m_keysPending = 0;
    for (const core::ProviderConfig &provider : m_providers) {
        if (immediateKeyStatus(provider) != KeyStatus::Checking)
            continue;
        const QString name = provider.name;
        // Asked once per workspace (and again after Set Key…): each read may prompt the user.
        if (const auto known = m_keychainStatus.constFind(name); known != m_keychainStatus.cend()) {
            m_model->setKeyStatus(name, *known);
            continue;
        }
        ++m_keysPending;
        // Only whether the read worked is kept; the key is wiped and goes out of scope here.
        core::providers::readKeychainKeyAsync(
            name, this, [this, check, name](core::Result<QByteArray> key) {
                const bool found = key.has_value() && !key->isEmpty();
                if (key)
                    key->fill('\0');
                if (check != m_keyCheck)
                    return;
                const KeyStatus status = keyStatusFromKeychain(found, key ? core::ErrorCode::NotFound : key.error().code);
                m_keychainStatus.insert(name, status);
                m_model->setKeyStatus(name, status);
                if (--m_keysPending == 0)
                    Q_EMIT keyStatusesChecked();
            });
    }
    if (m_keysPending == 0)
        Q_EMIT keyStatusesChecked();
}

void ProvidersPanel::askForKey()
{
    const QString name = selectedProvider();
    if (name.isEmpty())
        return;
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("set-key-dialog"));
    dialog.setWindowTitle(tr("Set the key of %1").arg(name));
    dialog.setLabelText(tr("API key for %1. It goes to the system keychain and is never shown "
                           "again; an existing key is replaced.")
                            .arg(name));
    dialog.setTextEchoMode(QLineEdit::Password);
    const bool accepted = dialog.exec() == QDialog::Accepted;
    const QByteArray key = dialog.textValue().trimmed().toUtf8();
    dialog.setTextValue(QString()); // nothing of the key stays in the dialog
    if (accepted && !key.isEmpty())
        storeKey(name, key);
}

void ProvidersPanel::storeKey(const QString &provider, const QByteArray &key)
{
    core::providers::writeKeychainKeyAsync(
        provider, key, this, [this, provider, workspace = m_workspace](core::Result<void> written) {
            if (workspace != m_workspace)
                return; // the workspace changed meanwhile
            if (!written) {
                Q_EMIT keyNotStored(written.error().message);
                return;
            }
            m_keychainStatus.remove(provider);
            checkKeychainKeys();
            Q_EMIT keyStored(provider);
        });
}

} // namespace switchboard::ui
