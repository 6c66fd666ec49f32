#pragma once

#include "models/modelsnapshot.h"

#include <QAbstractTableModel>
#include <QStringList>
#include <vector>

namespace switchboard::ui {

// The model catalogue: per provider, each model's snapshot date, limits and price per million
// tokens (input, output, cached input). A floating name is marked; a model the price table
// does not know says "no price" rather than $0. The aliases pinned to each model are listed
// beside it.
class CatalogueTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CatalogueTableModel)

public:
    enum Column
    {
        ProviderColumn,
        ModelColumn,
        PinnedAsColumn,
        SnapshotColumn,
        ContextColumn,
        MaxOutputColumn,
        InputPriceColumn,
        OutputPriceColumn,
        CachedPriceColumn,
        ColumnCount
    };

    // What the catalogue sorts by: numbers as numbers, a missing one after every known one.
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit CatalogueTableModel(QObject *parent = nullptr);

    // The catalogue of the snapshot, with the aliases pinned to each model.
    void setSnapshot(const ModelsSnapshot &snapshot);
    const std::vector<CatalogueEntry> &catalogue() const { return m_catalogue; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(int row, int column) const;
    std::optional<qint64> priceMicros(const CatalogueEntry &entry, int column) const;

    std::vector<CatalogueEntry> m_catalogue;
    std::vector<QStringList> m_aliases; // beside m_catalogue, row for row
};

} // namespace switchboard::ui
