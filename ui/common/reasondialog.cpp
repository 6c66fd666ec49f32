#include "common/reasondialog.h"

#include <QDialogButtonBox>
#include <QInputDialog>
#include <QPushButton>
#include <QTimer>

namespace switchboard::ui {

std::optional<QString> askForReason(QWidget *parent, const QString &title, const QString &question)
{
    QInputDialog dialog(parent);
    dialog.setWindowTitle(title);
    dialog.setLabelText(question + u'\n' + QObject::tr("The reason goes to the audit log."));
    dialog.setObjectName(QStringLiteral("reason-dialog"));
    dialog.setMinimumWidth(480);
    // QInputDialog builds its buttons when it is shown: from then on, OK follows the text.
    auto followText = [&dialog](const QString &text) {
        if (auto *buttons = dialog.findChild<QDialogButtonBox *>())
            buttons->button(QDialogButtonBox::Ok)->setEnabled(!text.trimmed().isEmpty());
    };
    QObject::connect(&dialog, &QInputDialog::textValueChanged, &dialog, followText);
    QTimer::singleShot(0, &dialog, [&dialog, followText] { followText(dialog.textValue()); });
    if (dialog.exec() != QDialog::Accepted || dialog.textValue().trimmed().isEmpty())
        return std::nullopt;
    return dialog.textValue().trimmed();
}

} // namespace switchboard::ui
