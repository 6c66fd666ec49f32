#pragma once

#include <QApplication>
#include <QInputDialog>
#include <QTimer>

#include <functional>

namespace switchboard::tests {

// Runs `act` on the next modal dialog of type T once it is shown (exec() runs a loop of its
// own). Gives up with a warning after about five seconds, so that a dialog that never opens
// cannot be acted on by a later test.
template<typename T>
void onNextModal(std::function<void(T &)> act, int triesLeft = 500)
{
    QTimer::singleShot(10, qApp, [act = std::move(act), triesLeft]() mutable {
        auto *dialog = qobject_cast<T *>(QApplication::activeModalWidget());
        if (dialog) {
            act(*dialog);
        } else if (triesLeft > 0) {
            onNextModal<T>(std::move(act), triesLeft - 1);
        } else {
            qWarning("No %s was opened to answer.", T::staticMetaObject.className());
        }
    });
}

// Answers the next modal input dialog (a commit message, a reason, a key) with `text`.
inline void answerNextDialog(const QString &text)
{
    onNextModal<QInputDialog>([text](QInputDialog &dialog) {
        dialog.setTextValue(text);
        dialog.accept();
    });
}

} // namespace switchboard::tests
