#include "models/cataloguetablemodel.h"

#include "models/modelformat.h"

#include <QApplication>
#include <QFont>
#include <QPalette>
#include <QStyle>

#include <limits>

namespace switchboard::ui {

CatalogueTableModel::CatalogueTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void CatalogueTableModel::setSnapshot(const ModelsSnapshot &snapshot)
{
    beginResetModel();
    m_catalogue = snapshot.catalogue;
    m_aliases.clear();
    for (const CatalogueEntry &entry : m_catalogue) {
        QStringList aliases;
        for (const core::store::Pin &pin : snapshot.pins)
            if (pin.provider == entry.model.provider && pin.model == entry.model.name)
                aliases.push_back(pin.alias);
        m_aliases.push_back(aliases);
    }
    endResetModel();
}

int CatalogueTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_catalogue.size());
}

int CatalogueTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

std::optional<qint64> CatalogueTableModel::priceMicros(
    const CatalogueEntry &entry, int column) const
{
    if (!entry.price)
        return std::nullopt;
    switch (column) {
    case InputPriceColumn:
        return entry.price->inputPerMtokMicros;
    case OutputPriceColumn:
        return entry.price->outputPerMtokMicros;
    case CachedPriceColumn:
        return entry.price->cacheReadPerMtokMicros.value_or(entry.price->inputPerMtokMicros);
    }
    return std::nullopt;
}

QVariant CatalogueTableModel::display(int row, int column) const
{
    const CatalogueEntry &entry = m_catalogue[std::size_t(row)];
    const core::store::CatalogueModel &model = entry.model;
    switch (column) {
    case PinnedAsColumn:
        return m_aliases[std::size_t(row)].join(QStringLiteral(", "));
    case ProviderColumn:
        return model.provider;
    case ModelColumn:
        return model.name;
    case SnapshotColumn:
        if (model.floating)
            return tr("Floating name");
        return model.snapshotDate.isEmpty() ? tr("Dated") : model.snapshotDate;
    case ContextColumn:
        return tokenCount(model.contextWindow);
    case MaxOutputColumn:
        return tokenCount(model.maxOutputTokens);
    case InputPriceColumn:
    case OutputPriceColumn:
    case CachedPriceColumn:
        if (const auto micros = priceMicros(entry, column))
            return dollarsPerMtok(*micros);
        return column == InputPriceColumn ? tr("no price") : QStringLiteral("—");
    }
    return {};
}

QVariant CatalogueTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const CatalogueEntry &entry = m_catalogue[std::size_t(index.row())];
    const int column = index.column();
    const bool isPrice = column >= InputPriceColumn && column <= CachedPriceColumn;
    switch (role) {
    case Qt::DisplayRole:
        return display(index.row(), column);
    case SortRole:
        if (column == ContextColumn || column == MaxOutputColumn) {
            const qint64 tokens = column == ContextColumn ? entry.model.contextWindow : entry.model.maxOutputTokens;
            return tokens > 0 ? tokens : std::numeric_limits<qint64>::max();
        }
        if (isPrice)
            return priceMicros(entry, column).value_or(std::numeric_limits<qint64>::max());
        return display(index.row(), column);
    case Qt::TextAlignmentRole:
        if (column >= ContextColumn && column <= CachedPriceColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::DecorationRole:
        if (column == SnapshotColumn && entry.model.floating)
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        break;
    case Qt::ForegroundRole:
        if ((isPrice && !entry.price)
            || (column >= ContextColumn && column <= MaxOutputColumn
                && (column == ContextColumn ? entry.model.contextWindow
                                            : entry.model.maxOutputTokens)
                    <= 0))
            return QPalette().brush(QPalette::PlaceholderText);
        break;
    case Qt::FontRole:
        if (isPrice && !entry.price) {
            QFont italic;
            italic.setItalic(true);
            return italic;
        }
        break;
    case Qt::ToolTipRole:
        if (column == SnapshotColumn && entry.model.floating)
            return tr("%1 is a floating name: the provider can change the model behind it at any "
                      "time. Pin a dated "
                      "snapshot instead.")
                .arg(entry.model.name);
        if (isPrice && !entry.price)
            return tr("The workspace's price table has no price for this model, so its calls cost "
                      "$0 in reports. Add "
                      "one with: switchboard-cli prices set");
        if (column == CachedPriceColumn && entry.price && !entry.price->cacheReadPerMtokMicros)
            return tr("No separate price for cached input: it costs as much as input.");
        break;
    default:
        break;
    }
    return {};
}

QVariant CatalogueTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section >= InputPriceColumn && section <= CachedPriceColumn)
        return tr("US dollars per million tokens");
    if (role == Qt::TextAlignmentRole && section >= ContextColumn && section <= CachedPriceColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ProviderColumn:
        return tr("Provider");
    case ModelColumn:
        return tr("Model");
    case SnapshotColumn:
        return tr("Snapshot");
    case ContextColumn:
        return tr("Context window");
    case MaxOutputColumn:
        return tr("Max output");
    case InputPriceColumn:
        return tr("Input $/Mtok");
    case OutputPriceColumn:
        return tr("Output $/Mtok");
    case CachedPriceColumn:
        return tr("Cached $/Mtok");
    case PinnedAsColumn:
        return tr("Pinned as");
    }
    return {};
}

} // namespace switchboard::ui
