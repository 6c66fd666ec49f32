#pragma once

#include <QLabel>

namespace switchboard::ui {

// The line under a page's toolbar that says what an action did, or in red what went wrong
// and what to do; hidden until there is something to say.
class NoticeLine final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NoticeLine)

public:
    explicit NoticeLine(QWidget *parent = nullptr);

    void say(const QString &text, bool problem);
    bool isProblem() const { return m_problem; }

private:
    bool m_problem = false;
};

} // namespace switchboard::ui
