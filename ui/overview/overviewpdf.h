#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

class QWidget;

namespace switchboard::ui {

// A printable report of the Overview for a period (a weekly cost review): a heading, the
// lines that say what it covers, the headline figures, then each chart or table with its
// title, drawn as vectors, two to an A4 page. Rendered in memory on the GUI thread (widgets
// draw only there); the caller writes the bytes where it likes.
struct PdfSection
{
    QString title;
    QWidget *content = nullptr;
};

QByteArray renderOverviewPdf(const QString &heading, const QStringList &lines, QWidget *headline,
                             const std::vector<PdfSection> &sections);

} // namespace switchboard::ui
