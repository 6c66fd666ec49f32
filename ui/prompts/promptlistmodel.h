#pragma once

#include "prompts/prompt.h"

#include <QAbstractTableModel>

#include <vector>

namespace switchboard::ui {

// The searchable prompt list: name, tags, the production version, the latest version and
// its model, and when it last changed.
class PromptListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromptListModel)

public:
    enum Column { Name, Production, Latest, Model, Tags, Changed, ColumnCount };

    explicit PromptListModel(QObject *parent = nullptr);

    void setPrompts(std::vector<core::prompts::PromptSummary> prompts);
    const core::prompts::PromptSummary *promptAt(int row) const;
    int rowOf(const QString &name) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<core::prompts::PromptSummary> m_prompts;
};

} // namespace switchboard::ui
