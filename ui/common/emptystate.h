#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace switchboard::ui {

// What a page shows before it has anything to show: what will appear here, and how to fill
// it. Never a blank area.
class EmptyState final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmptyState)

public:
    struct Content
    {
        QString iconPath; // a resource path, e.g. ":/switchboard/icons/pages/requests.svg"
        QString title;
        QString body;     // rich text allowed: short paragraphs, <code> for commands
        QString actionText; // no button when empty
    };

    explicit EmptyState(QWidget *parent = nullptr);

    void setContent(const Content &content);

Q_SIGNALS:
    void actionTriggered();

private:
    QLabel *m_icon;
    QLabel *m_title;
    QLabel *m_body;
    QPushButton *m_action;
};

} // namespace switchboard::ui
