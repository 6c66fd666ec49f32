#pragma once

#include "store/pinrepository.h"

#include <QAbstractTableModel>
#include <vector>

namespace switchboard::ui {

// The workspace's pins as they stand: alias, provider and model, version and who set it
// when. A pin to a floating model name carries a warning, icon and text.
class PinTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PinTableModel)

public:
    enum Column
    {
        AliasColumn,
        ProviderColumn,
        ModelColumn,
        SnapshotColumn,
        VersionColumn,
        UpdatedByColumn,
        UpdatedColumn,
        ColumnCount
    };

    explicit PinTableModel(QObject *parent = nullptr);

    void setPins(std::vector<core::store::Pin> pins);
    const std::vector<core::store::Pin> &pins() const { return m_pins; }
    const core::store::Pin *pin(int row) const;
    int rowOf(const QString &alias) const; // -1: not there
    int floatingCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<core::store::Pin> m_pins;
};

} // namespace switchboard::ui
