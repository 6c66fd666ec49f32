#pragma once

#include "model/providerconfig.h"
#include "models/keystatus.h"
#include "models/modelsnapshot.h"

#include <QAbstractTableModel>
#include <QStringList>
#include <vector>

namespace switchboard::ui {

// The workspace's providers: kind, base URL, where the key comes from and whether there is
// one, how many models the catalogue lists for each and which aliases are pinned to it. Holds
// no key, ever: only its status.
class ProviderTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProviderTableModel)

public:
    enum Column
    {
        NameColumn,
        KindColumn,
        BaseUrlColumn,
        KeySourceColumn,
        KeyStatusColumn,
        EnabledColumn,
        ModelsColumn,
        PinnedByColumn,
        ColumnCount
    };

    explicit ProviderTableModel(QObject *parent = nullptr);

    // Every provider's key status starts as immediateKeyStatus().
    void setSnapshot(const ModelsSnapshot &snapshot);
    void setKeyStatus(const QString &provider, KeyStatus status);
    KeyStatus keyStatus(const QString &provider) const;
    const std::vector<core::ProviderConfig> &providers() const { return m_providers; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<core::ProviderConfig> m_providers;
    struct Row
    {
        KeyStatus status = KeyStatus::Checking;
        int models = 0;
        QStringList aliases;
    };
    std::vector<Row> m_rows; // beside m_providers, row for row
};

} // namespace switchboard::ui
