#include "models/providertablemodel.h"

#include <QCoreApplication>
#include <QFont>
#include <QPalette>

namespace switchboard::ui {

using core::ProviderKind;

namespace {

QString kindText(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAi:
        return QStringLiteral("OpenAI");
    case ProviderKind::Anthropic:
        return QStringLiteral("Anthropic");
    case ProviderKind::Gemini:
        return QStringLiteral("Gemini");
    case ProviderKind::OpenAiCompatible:
        return QCoreApplication::translate("ProviderTableModel", "OpenAI-compatible");
    case ProviderKind::Simulated:
        return QCoreApplication::translate("ProviderTableModel", "Simulated");
    }
    return core::nameOf(kind);
}

} // namespace

ProviderTableModel::ProviderTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ProviderTableModel::setSnapshot(const ModelsSnapshot &snapshot)
{
    beginResetModel();
    m_providers = snapshot.providers;
    m_rows.clear();
    for (const core::ProviderConfig &provider : m_providers) {
        Row row { immediateKeyStatus(provider), 0, {} };
        for (const CatalogueEntry &entry : snapshot.catalogue)
            row.models += entry.model.provider == provider.name ? 1 : 0;
        for (const core::store::Pin &pin : snapshot.pins)
            if (pin.provider == provider.name)
                row.aliases.push_back(pin.alias);
        m_rows.push_back(std::move(row));
    }
    endResetModel();
}

void ProviderTableModel::setKeyStatus(const QString &provider, KeyStatus status)
{
    for (std::size_t row = 0; row < m_providers.size(); ++row) {
        if (m_providers[row].name == provider) {
            m_rows[row].status = status;
            const QModelIndex cell = index(int(row), KeyStatusColumn);
            Q_EMIT dataChanged(cell, cell);
        }
    }
}

KeyStatus ProviderTableModel::keyStatus(const QString &provider) const
{
    for (std::size_t row = 0; row < m_providers.size(); ++row)
        if (m_providers[row].name == provider)
            return m_rows[row].status;
    return KeyStatus::Missing;
}

int ProviderTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_providers.size());
}

int ProviderTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProviderTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const core::ProviderConfig &provider = m_providers[std::size_t(index.row())];
    const Row &row = m_rows[std::size_t(index.row())];
    const KeyStatus status = row.status;
    const bool defaultUrl = provider.baseUrl.isEmpty();
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn:
            return provider.name;
        case KindColumn:
            return kindText(provider.kind);
        case BaseUrlColumn:
            if (provider.kind == ProviderKind::Simulated && defaultUrl)
                return tr("local simulator");
            return defaultUrl ? tr("the kind's default") : provider.baseUrl;
        case KeySourceColumn:
            return keySourceText(provider);
        case KeyStatusColumn:
            return keyStatusText(status);
        case EnabledColumn:
            return provider.enabled ? tr("Enabled") : tr("Disabled");
        case ModelsColumn:
            return row.models;
        case PinnedByColumn:
            return row.aliases.isEmpty() ? tr("no pins") : row.aliases.join(QStringLiteral(", "));
        }
    } else if (role == Qt::DecorationRole && index.column() == KeyStatusColumn) {
        return keyStatusIcon(status);
    } else if (role == Qt::ToolTipRole && index.column() == KeyStatusColumn) {
        return keyStatusHint(status, provider);
    } else if (role == Qt::ForegroundRole) {
        if ((index.column() == BaseUrlColumn && defaultUrl)
            || (index.column() == PinnedByColumn && row.aliases.isEmpty()) || !provider.enabled)
            return QPalette().brush(QPalette::PlaceholderText);
    } else if (role == Qt::TextAlignmentRole && index.column() == ModelsColumn) {
        return QVariant::fromValue(Qt::AlignCenter);
    } else if (role == Qt::FontRole && index.column() == NameColumn) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    return {};
}

QVariant ProviderTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole && section == ModelsColumn)
        return QVariant::fromValue(Qt::AlignCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Provider");
    case KindColumn:
        return tr("Kind");
    case BaseUrlColumn:
        return tr("Base URL");
    case KeySourceColumn:
        return tr("Key source");
    case KeyStatusColumn:
        return tr("Key");
    case EnabledColumn:
        return tr("State");
    case ModelsColumn:
        return tr("Models");
    case PinnedByColumn:
        return tr("Pinned by");
    }
    return {};
}

} // namespace switchboard::ui
