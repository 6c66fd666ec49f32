#pragma once

#include "common/emptystate.h"

#include <QWidget>

class QLabel;
class QStackedWidget;

namespace switchboard::core::store {
struct WorkspaceSummary;
}

namespace switchboard::ui {

// One page of the console: a header (title and one line of purpose) over either the page's
// content or its empty state. Pages learn about the open workspace through setWorkspace().
class Page : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Page)

public:
    struct Description
    {
        QString id;       // stable, for settings and tests: "requests"
        QString title;    // "Requests"
        QString subtitle; // one line: what the page is for
        QString iconPath;
    };

    Page(Description description, QWidget *parent = nullptr);
    ~Page() override;

    const Description &description() const { return m_description; }

    // A workspace is open. Pages that have nothing to show yet keep their empty state.
    virtual void setWorkspace(const core::store::WorkspaceSummary &summary);
    // The workspace closed or failed to open: the page must show nothing of the old one.
    virtual void clearWorkspace();

protected:
    // What the page says while the open workspace holds nothing for it.
    virtual EmptyState::Content emptyContent() const = 0;

    void setContentWidget(QWidget *content);
    void showEmptyState(const EmptyState::Content &content);
    void showContent();
    EmptyState *emptyState() const { return m_emptyState; }

private:
    Description m_description;
    QStackedWidget *m_stack;
    EmptyState *m_emptyState;
    QWidget *m_content = nullptr;
};

} // namespace switchboard::ui
