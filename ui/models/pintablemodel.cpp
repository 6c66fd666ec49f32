#include "models/pintablemodel.h"

#include "models/modelformat.h"

#include <QApplication>
#include <QFont>
#include <QStyle>
#include <algorithm>

namespace switchboard::ui {

PinTableModel::PinTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void PinTableModel::setPins(std::vector<core::store::Pin> pins)
{
    beginResetModel();
    m_pins = std::move(pins);
    endResetModel();
}

const core::store::Pin *PinTableModel::pin(int row) const
{
    return row >= 0 && row < int(m_pins.size()) ? &m_pins[std::size_t(row)] : nullptr;
}

int PinTableModel::rowOf(const QString &alias) const
{
    for (std::size_t row = 0; row < m_pins.size(); ++row)
        if (m_pins[row].alias == alias)
            return int(row);
    return -1;
}

int PinTableModel::floatingCount() const
{
    return int(std::ranges::count_if(m_pins, &core::store::Pin::floating));
}

int PinTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_pins.size());
}

int PinTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PinTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const core::store::Pin &pin = m_pins[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case AliasColumn:
            return pin.alias;
        case ProviderColumn:
            return pin.provider;
        case ModelColumn:
            return pin.model;
        case SnapshotColumn:
            return pin.floating ? tr("Floating name") : tr("Dated snapshot");
        case VersionColumn:
            return QStringLiteral("v%1").arg(pin.version);
        case UpdatedByColumn:
            return pin.updatedBy;
        case UpdatedColumn:
            return shortDateTime(pin.updatedMs);
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == SnapshotColumn)
            return QApplication::style()->standardIcon(
                pin.floating ? QStyle::SP_MessageBoxWarning : QStyle::SP_DialogApplyButton);
        break;
    case Qt::ToolTipRole:
        if (pin.floating && (index.column() == SnapshotColumn || index.column() == ModelColumn))
            return tr("%1 is a floating name: %2 can change the model behind it without a repin, "
                      "and every caller "
                      "of %3 changes with it. Repin %3 to a dated snapshot.")
                .arg(pin.model, pin.provider, pin.alias);
        break;
    case Qt::FontRole:
        if (index.column() == AliasColumn) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant PinTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case AliasColumn:
        return tr("Alias");
    case ProviderColumn:
        return tr("Provider");
    case ModelColumn:
        return tr("Model");
    case SnapshotColumn:
        return tr("Snapshot");
    case VersionColumn:
        return tr("Version");
    case UpdatedByColumn:
        return tr("Updated by");
    case UpdatedColumn:
        return tr("Updated");
    }
    return {};
}

} // namespace switchboard::ui
