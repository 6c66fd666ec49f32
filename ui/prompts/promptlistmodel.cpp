#include "prompts/promptlistmodel.h"

#include <QDateTime>
#include <QLocale>

namespace switchboard::ui {

PromptListModel::PromptListModel(QObject *parent) : QAbstractTableModel(parent) { }

void PromptListModel::setPrompts(std::vector<core::prompts::PromptSummary> prompts)
{
    beginResetModel();
    m_prompts = std::move(prompts);
    endResetModel();
}

const core::prompts::PromptSummary *PromptListModel::promptAt(int row) const
{
    return row >= 0 && row < static_cast<int>(m_prompts.size()) ? &m_prompts[std::size_t(row)] : nullptr;
}

int PromptListModel::rowOf(const QString &name) const
{
    for (std::size_t i = 0; i < m_prompts.size(); ++i)
        if (m_prompts[i].name == name)
            return static_cast<int>(i);
    return -1;
}

int PromptListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_prompts.size());
}

int PromptListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PromptListModel::data(const QModelIndex &index, int role) const
{
    const core::prompts::PromptSummary *prompt = promptAt(index.row());
    if (!prompt)
        return {};
    if (role == Qt::ToolTipRole)
        return prompt->description.isEmpty() ? prompt->name : QString(prompt->name + u'\n' + prompt->description);
    if (role == Qt::TextAlignmentRole && (index.column() == Production || index.column() == Latest))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name: return prompt->name;
    case Production: return prompt->productionVersion ? QStringLiteral("v%1").arg(*prompt->productionVersion) : tr("—");
    case Latest: return prompt->latestVersion > 0 ? QStringLiteral("v%1").arg(prompt->latestVersion) : tr("none");
    case Model: return prompt->model;
    case Tags: return prompt->tags.join(QStringLiteral(", "));
    case Changed:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(prompt->updatedMs), QLocale::ShortFormat);
    default: return {};
    }
}

QVariant PromptListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Name");
    case Production: return tr("Production");
    case Latest: return tr("Latest");
    case Model: return tr("Model");
    case Tags: return tr("Tags");
    case Changed: return tr("Last change");
    default: return {};
    }
}

} // namespace switchboard::ui
