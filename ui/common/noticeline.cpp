#include "common/noticeline.h"

namespace switchboard::ui {

NoticeLine::NoticeLine(QWidget *parent) : QLabel(parent)
{
    setWordWrap(true);
    hide();
}

void NoticeLine::say(const QString &text, bool problem)
{
    m_problem = problem;
    setText(text);
    setStyleSheet(problem ? QStringLiteral("color: #dc2626;") : QString());
    setProperty("problem", problem);
    setVisible(!text.isEmpty());
}

} // namespace switchboard::ui
