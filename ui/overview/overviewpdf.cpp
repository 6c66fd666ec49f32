#include "overview/overviewpdf.h"

#include <QBuffer>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QWidget>

namespace switchboard::ui {
namespace {

constexpr int kResolution = 96; // one widget pixel to one PDF point-ish unit: charts keep their proportions

// Draws a widget scaled to a width at (x, y); returns the height it took. Widgets are drawn
// as they are on screen, at twice the resolution (chart legends laid out for the screen lose
// entries when drawn straight onto a PDF device).
int drawScaled(QPainter &painter, QWidget *widget, int x, int y, int width, int maxHeight)
{
    const QSize size = widget->size();
    if (size.isEmpty())
        return 0;
    const double scale = std::min(double(width) / size.width(), double(maxHeight) / size.height());
    QImage image(size * 2, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2);
    image.fill(widget->palette().color(QPalette::Window)); // the widget's own background: dark themes stay legible
    widget->render(&image, QPoint(), QRegion(), QWidget::DrawChildren);
    const QRect target(x, y, int(size.width() * scale), int(size.height() * scale));
    painter.drawImage(target, image);
    return target.height();
}

} // namespace

QByteArray renderOverviewPdf(const QString &heading, const QStringList &lines, QWidget *headline,
                             const std::vector<PdfSection> &sections)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setResolution(kResolution);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(15, 15, 15, 15),
                                     QPageLayout::Millimeter));
    writer.setTitle(heading);
    writer.setCreator(QStringLiteral("Switchboard"));
    QPainter painter(&writer);
    const QRect page = writer.pageLayout().paintRectPixels(kResolution);
    const int width = page.width();

    QFont title = painter.font();
    title.setPointSizeF(16);
    title.setBold(true);
    QFont body = painter.font();
    body.setPointSizeF(9);
    QFont sectionFont = body;
    sectionFont.setPointSizeF(11);
    sectionFont.setBold(true);

    int y = 0;
    painter.setFont(title);
    painter.drawText(QRect(0, y, width, 30), Qt::AlignLeft | Qt::AlignVCenter, heading);
    y += 34;
    painter.setFont(body);
    for (const QString &line : lines) {
        painter.drawText(QRect(0, y, width, 16), Qt::AlignLeft | Qt::AlignVCenter, line);
        y += 16;
    }
    y += 10;
    if (headline)
        y += drawScaled(painter, headline, 0, y, width, 120) + 16;

    const int sectionHeight = (page.height() - 40) / 2;
    for (const PdfSection &section : sections) {
        if (y + sectionHeight > page.height()) {
            writer.newPage();
            y = 0;
        }
        painter.setFont(sectionFont);
        painter.drawText(QRect(0, y, width, 20), Qt::AlignLeft | Qt::AlignVCenter, section.title);
        y += 24;
        y += drawScaled(painter, section.content, 0, y, width, sectionHeight - 34) + 16;
    }
    painter.end();
    return bytes;
}

} // namespace switchboard::ui
