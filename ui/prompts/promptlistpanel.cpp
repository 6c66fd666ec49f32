#include "prompts/promptlistpanel.h"

#include "prompts/promptlistmodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace switchboard::ui {

PromptListPanel::PromptListPanel(QWidget *parent)
    : QWidget(parent), m_model(new PromptListModel(this)), m_filter(new QSortFilterProxyModel(this)), m_table(new QTableView),
      m_search(new QLineEdit), m_new(new QPushButton(tr("New Prompt…"))), m_import(new QPushButton(tr("Import…"))),
      m_export(new QPushButton(tr("Export…")))
{
    m_search->setPlaceholderText(tr("Search names, descriptions and tags"));
    m_search->setClearButtonEnabled(true);
    m_search->setObjectName(QStringLiteral("prompt-search"));
    m_filter->setSourceModel(m_model);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setFilterKeyColumn(-1);
    m_table->setModel(m_filter);
    m_table->setObjectName(QStringLiteral("prompt-list"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(PromptListModel::Name, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_import->setToolTip(tr("Switchboard prompt files, Langfuse prompt exports, promptfoo prompt files"));
    m_export->setToolTip(tr("The selected prompt with all its versions and labels"));
    connect(m_search, &QLineEdit::textChanged, m_filter, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (const auto *summary = m_model->promptAt(m_filter->mapToSource(current).row()))
            Q_EMIT promptSelected(summary->name);
    });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_new);
    buttons->addWidget(m_import);
    buttons->addWidget(m_export);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 8, 0);
    layout->addWidget(m_search);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
}

void PromptListPanel::setPrompts(std::vector<core::prompts::PromptSummary> prompts)
{
    m_model->setPrompts(std::move(prompts));
    m_table->resizeColumnsToContents();
}

void PromptListPanel::select(const QString &name)
{
    if (m_model->rowCount() == 0)
        return;
    const int row = std::max(0, m_model->rowOf(name));
    m_table->selectRow(m_filter->mapFromSource(m_model->index(row, 0)).row());
}

} // namespace switchboard::ui
