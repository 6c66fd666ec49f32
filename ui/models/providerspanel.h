#pragma once

#include "models/keystatus.h"
#include "models/modelsnapshot.h"

#include <QHash>
#include <QWidget>

class QPushButton;
class QTableView;

namespace switchboard::ui {

class ProviderTableModel;

// The providers with the status of their keys, learnt without keeping a key: an environment
// variable is set or not; the system keychain is asked, and only whether it answered with a
// key is kept. "Set Key…" stores a keychain provider's key, which is never shown again.
class ProvidersPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProvidersPanel)

public:
    explicit ProvidersPanel(QWidget *parent = nullptr);

    // Shows the snapshot's providers and asks the keychain about those whose key lives there.
    void setSnapshot(const ModelsSnapshot &snapshot);
    void clear();

    // The Set Key… path: a password field, then storeKey().
    void askForKey();
    // Writes the key to the system keychain (asynchronously), then checks the statuses again.
    void storeKey(const QString &provider, const QByteArray &key);

    ProviderTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QPushButton *setKeyButton() const { return m_setKey; }

Q_SIGNALS:
    void keyStatusesChecked();
    void keyStored(const QString &provider);
    void keyNotStored(const QString &message);

private:
    void checkKeychainKeys();
    QString selectedProvider() const;
    void updateButtons();

    ProviderTableModel *m_model;
    QTableView *m_table;
    QPushButton *m_setKey;
    std::vector<core::ProviderConfig> m_providers;
    quint64 m_keyCheck = 0; // drops answers about the providers of an earlier read
    int m_keysPending = 0;
    QHash<QString, KeyStatus> m_keychainStatus; // by provider, as last read from the keychain
    quint64 m_workspace = 0; // one more each time the panel is cleared for another workspace
};

} // namespace switchboard::ui
