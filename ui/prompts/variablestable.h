#pragma once

#include "prompts/promptcontent.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace switchboard::ui {

// The variables panel: one row per variable, filled from the templates as they are typed (a
// new {{name}} adds a required string), with its type, required flag, default and allowed
// values. Variables no template uses stay, greyed, until removed.
class VariablesTable final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VariablesTable)

public:
    explicit VariablesTable(QWidget *parent = nullptr);

    void setVariables(const std::vector<core::prompts::PromptVariable> &variables);
    std::vector<core::prompts::PromptVariable> variables() const;
    // Adds the used names that have no row; marks the rows no template uses.
    void syncWith(const QStringList &used);

Q_SIGNALS:
    void changed();

private:
    enum Column { Name, Type, Required, Default, Values, ColumnCount };
    void addRow(const core::prompts::PromptVariable &variable);
    void removeUnused();

    QTableWidget *m_table;
    QLabel *m_hint;
    QStringList m_used;
    bool m_updating = false;
};

} // namespace switchboard::ui
