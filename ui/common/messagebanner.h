#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace switchboard::ui {

// An error shown inline, where the user is looking, instead of a modal box: what happened,
// and one action that helps.
class MessageBanner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageBanner)

public:
    explicit MessageBanner(QWidget *parent = nullptr);

    void showError(const QString &text, const QString &actionText = {});
    QString text() const;

Q_SIGNALS:
    void actionTriggered();

private:
    QLabel *m_text;
    QPushButton *m_action;
};

} // namespace switchboard::ui
