#pragma once

#include "models/modelsnapshot.h"

#include <QAbstractTableModel>

#include <vector>

namespace switchboard::ui {

// The model catalogue: per provider, each model's snapshot date, limits and price per million
// tokens (input, output, cached input). A floating name is marked; a model the price table
// does not know says "no price" rather than $0.
class CatalogueTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CatalogueTableModel)

public:
    enum Column {
        ProviderColumn,
        ModelColumn,
        SnapshotColumn,
        ContextColumn,
        MaxOutputColumn,
        InputPriceColumn,
        OutputPriceColumn,
        CachedPriceColumn,
        ColumnCount
    };

    explicit CatalogueTableModel(QObject *parent = nullptr);

    void setCatalogue(std::vector<CatalogueEntry> catalogue);
    const std::vector<CatalogueEntry> &catalogue() const { return m_catalogue; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const CatalogueEntry &entry, int column) const;
    std::optional<qint64> priceMicros(const CatalogueEntry &entry, int column) const;

    std::vector<CatalogueEntry> m_catalogue;
};

} // namespace switchboard::ui
