#include "prompts/variablestable.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace switchboard::ui {

using core::prompts::PromptVariable;
using core::prompts::VariableType;
using nlohmann::json;


VariablesTable::VariablesTable(QWidget *parent)
    : QWidget(parent), m_table(new QTableWidget(0, ColumnCount)), m_hint(new QLabel)
{
    m_table->setHorizontalHeaderLabels({ tr("Variable"), tr("Type"), tr("Required"), tr("Default"), tr("Allowed values") });
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(Name, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setObjectName(QStringLiteral("variables"));
    m_hint->setWordWrap(true);
    m_hint->setText(tr("Filled from the templates as you type. Greyed rows are used by no template."));
    m_hint->setStyleSheet(QStringLiteral("color: palette(mid);"));
    auto *removeUnused = new QPushButton(tr("Remove Unused"));
    connect(removeUnused, &QPushButton::clicked, this, &VariablesTable::removeUnused);
    auto *footer = new QHBoxLayout;
    footer->addWidget(m_hint, 1);
    footer->addWidget(removeUnused);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addLayout(footer);
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (!m_updating)
            Q_EMIT changed();
    });
}

void VariablesTable::addRow(const PromptVariable &variable)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto *name = new QTableWidgetItem(variable.name);
    name->setFlags(name->flags() & ~Qt::ItemIsEditable);
    name->setToolTip(variable.description);
    m_table->setItem(row, Name, name);
    auto *type = new QComboBox;
    for (VariableType kind : { VariableType::String, VariableType::Number, VariableType::Boolean, VariableType::Enum,
                               VariableType::Json })
        type->addItem(core::prompts::nameOf(kind), static_cast<int>(kind));
    type->setCurrentIndex(type->findData(static_cast<int>(variable.type)));
    connect(type, &QComboBox::currentIndexChanged, this, &VariablesTable::changed);
    m_table->setCellWidget(row, Type, type);
    auto *required = new QCheckBox;
    required->setChecked(variable.required);
    connect(required, &QCheckBox::toggled, this, &VariablesTable::changed);
    m_table->setCellWidget(row, Required, required);
    m_table->setItem(row, Default, new QTableWidgetItem(core::prompts::textOfValue(variable.defaultValue)));
    m_table->setItem(row, Values, new QTableWidgetItem(variable.choices.join(QStringLiteral(", "))));
}

void VariablesTable::setVariables(const std::vector<PromptVariable> &variables)
{
    m_updating = true;
    m_table->setRowCount(0);
    for (const PromptVariable &variable : variables)
        addRow(variable);
    m_updating = false;
    syncWith(m_used);
}

std::vector<PromptVariable> VariablesTable::variables() const
{
    std::vector<PromptVariable> out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        PromptVariable variable;
        variable.name = m_table->item(row, Name)->text();
        variable.description = m_table->item(row, Name)->toolTip();
        variable.type = static_cast<VariableType>(qobject_cast<QComboBox *>(m_table->cellWidget(row, Type))->currentData().toInt());
        variable.required = qobject_cast<QCheckBox *>(m_table->cellWidget(row, Required))->isChecked();
        variable.defaultValue = core::prompts::valueFromText(m_table->item(row, Default)->text().trimmed(), variable.type);
        for (const QString &choice : m_table->item(row, Values)->text().split(u',', Qt::SkipEmptyParts))
            variable.choices.push_back(choice.trimmed());
        out.push_back(std::move(variable));
    }
    return out;
}

void VariablesTable::syncWith(const QStringList &used)
{
    m_used = used;
    m_updating = true;
    bool added = false;
    for (const QString &name : used) {
        if (m_table->findItems(name, Qt::MatchExactly).isEmpty() && !name.isEmpty()) {
            addRow({ name, VariableType::String, true, {}, {}, {} });
            added = true;
        }
    }
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QTableWidgetItem *name = m_table->item(row, Name);
        const bool unused = !used.contains(name->text());
        name->setForeground(unused ? palette().brush(QPalette::Disabled, QPalette::Text) : palette().brush(QPalette::Text));
        QFont font = name->font();
        font.setItalic(unused);
        name->setFont(font);
    }
    m_updating = false;
    if (added)
        Q_EMIT changed();
}

void VariablesTable::removeUnused()
{
    bool removed = false;
    for (int row = m_table->rowCount() - 1; row >= 0; --row) {
        if (!m_used.contains(m_table->item(row, Name)->text())) {
            m_table->removeRow(row);
            removed = true;
        }
    }
    if (removed)
        Q_EMIT changed();
}

} // namespace switchboard::ui
