#pragma once

#include <QApplication>
#include <QInputDialog>
#include <QTimer>

namespace switchboard::tests {

// Answers the next modal input dialog (a commit message or a reason) with `text`.
inline void answerNextDialog(const QString &text)
{
    QTimer::singleShot(0, qApp, [text] {
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        if (!dialog) {
            answerNextDialog(text); // not shown yet: try again on the next pass
            return;
        }
        dialog->setTextValue(text);
        dialog->accept();
    });
}

} // namespace switchboard::tests
