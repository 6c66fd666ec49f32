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
    case ProviderKind::OpenAi: return QStringLiteral("OpenAI");
    case ProviderKind::Anthropic: return QStringLiteral("Anthropic");
    case ProviderKind::Gemini: return QStringLiteral("Gemini");
    case ProviderKind::OpenAiCompatible: return QCoreApplication::translate("ProviderTableModel", "OpenAI-compatible");
    case ProviderKind::Simulated: return QCoreApplication::translate("ProviderTableModel", "Simulated");
    }
    return core::nameOf(kind);
}

} // namespace

ProviderTableModel::ProviderTableModel(QObject *parent) : QAbstractTableModel(parent) { }

void ProviderTableModel::setProviders(std::vector<core::ProviderConfig> providers)
{
    beginResetModel();
    m_providers = std::move(providers);
    m_status.clear();
    for (const core::ProviderConfig &provider : m_providers)
        m_status.push_back(immediateKeyStatus(provider));
    endResetModel();
}

void ProviderTableModel::setKeyStatus(const QString &provider, KeyStatus status)
{
    for (std::size_t row = 0; row < m_providers.size(); ++row) {
        if (m_providers[row].name == provider) {
            m_status[row] = status;
            const QModelIndex cell = index(int(row), KeyStatusColumn);
            Q_EMIT dataChanged(cell, cell);
        }
    }
}

KeyStatus ProviderTableModel::keyStatus(const QString &provider) const
{
    for (std::size_t row = 0; row < m_providers.size(); ++row)
        if (m_providers[row].name == provider)
            return m_status[row];
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
    const KeyStatus status = m_status[std::size_t(index.row())];
    const bool defaultUrl = provider.baseUrl.isEmpty();
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn: return provider.name;
        case KindColumn: return kindText(provider.kind);
        case BaseUrlColumn:
            if (provider.kind == ProviderKind::Simulated && defaultUrl)
                return tr("local simulator");
            return defaultUrl ? tr("the kind's default") : provider.baseUrl;
        case KeySourceColumn: return keySourceText(provider);
        case KeyStatusColumn: return keyStatusText(status);
        case EnabledColumn: return provider.enabled ? tr("Enabled") : tr("Disabled");
        }
    } else if (role == Qt::DecorationRole && index.column() == KeyStatusColumn) {
        return keyStatusIcon(status);
    } else if (role == Qt::ToolTipRole && index.column() == KeyStatusColumn) {
        return keyStatusHint(status, provider);
    } else if (role == Qt::ForegroundRole) {
        if ((index.column() == BaseUrlColumn && defaultUrl) || !provider.enabled)
            return QPalette().brush(QPalette::PlaceholderText);
    } else if (role == Qt::FontRole && index.column() == NameColumn) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    return {};
}

QVariant ProviderTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Provider");
    case KindColumn: return tr("Kind");
    case BaseUrlColumn: return tr("Base URL");
    case KeySourceColumn: return tr("Key source");
    case KeyStatusColumn: return tr("Key");
    case EnabledColumn: return tr("State");
    }
    return {};
}

} // namespace switchboard::ui
