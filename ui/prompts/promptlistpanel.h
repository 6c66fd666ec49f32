#pragma once

#include "prompts/prompt.h"

#include <QWidget>

class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace switchboard::ui {

class PromptListModel;

// The left side of the Prompts page: a search field over the prompt list (name, production
// and latest version, model, tags, last change) and the buttons that add prompts.
class PromptListPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromptListPanel)

public:
    explicit PromptListPanel(QWidget *parent = nullptr);

    void setPrompts(std::vector<core::prompts::PromptSummary> prompts);
    // Selects the prompt (the first one when it is not listed).
    void select(const QString &name);
    const PromptListModel *model() const { return m_model; }
    QPushButton *newButton() const { return m_new; }
    QPushButton *importButton() const { return m_import; }
    QPushButton *exportButton() const { return m_export; }

Q_SIGNALS:
    void promptSelected(const QString &name);

private:
    PromptListModel *m_model;
    QSortFilterProxyModel *m_filter;
    QTableView *m_table;
    QLineEdit *m_search;
    QPushButton *m_new;
    QPushButton *m_import;
    QPushButton *m_export;
};

} // namespace switchboard::ui
