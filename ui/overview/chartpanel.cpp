#include "overview/chartpanel.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QImage>
#include <QLabel>
#include <QMenu>
#include <QSaveFile>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace switchboard::ui {

ChartPanel::ChartPanel(const QString &title, QWidget *content, QWidget *parent)
    : QFrame(parent)
    , m_title(new QLabel(title, this))
    , m_note(new QLabel(this))
    , m_header(new QHBoxLayout)
    , m_menu(new QToolButton(this))
    , m_content(content)
{
    setObjectName(QStringLiteral("chartPanel"));
    setFrameShape(QFrame::StyledPanel);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_note->setWordWrap(true);
    m_note->hide();

    m_menu->setText(QStringLiteral("⋯"));
    m_menu->setToolTip(tr("Save this chart"));
    m_menu->setAutoRaise(true);
    m_menu->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_menu);
    menu->addAction(tr("Save as PNG…"), this, &ChartPanel::chooseImageFile);
    menu->addAction(tr("Export data as CSV…"), this, &ChartPanel::chooseCsvFile);
    m_menu->setMenu(menu);

    m_header->setContentsMargins(0, 0, 0, 0);
    m_header->addWidget(m_title, 1);
    m_header->addWidget(m_menu);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(4);
    layout->addLayout(m_header);
    layout->addWidget(m_note);
    content->setParent(this);
    layout->addWidget(content, 1);
}

QString ChartPanel::title() const
{
    return m_title->text();
}

void ChartPanel::addControl(QWidget *control)
{
    m_header->insertWidget(m_header->count() - 1, control);
}

void ChartPanel::setNote(const QString &note)
{
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

QImage ChartPanel::image() const
{
    return m_content->grab().toImage();
}

void ChartPanel::saveImage(const QString &path)
{
    const QImage shot = image();
    writeInBackground(path, [shot, path] { return shot.save(path, "PNG"); });
}

void ChartPanel::saveCsv(const QString &path)
{
    const QByteArray bytes = m_csv ? m_csv() : QByteArray();
    writeInBackground(path, [bytes, path] {
        QSaveFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit();
    });
}

void ChartPanel::writeInBackground(const QString &path, std::function<bool()> write)
{
    auto *watcher = new QFutureWatcher<bool>(this);
    connect(watcher, &QFutureWatcher<bool>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        if (watcher->result())
            Q_EMIT savedTo(path);
        else
            Q_EMIT saveFailed(tr("Could not write %1: check that the folder exists and is writable.").arg(QDir::toNativeSeparators(path)));
    });
    watcher->setFuture(QtConcurrent::run(std::move(write)));
}

QString ChartPanel::suggestedName(const QString &suffix) const
{
    QString name = m_title->text().toLower();
    name.replace(QLatin1Char(' '), QLatin1Char('-'));
    name.remove(QLatin1Char(','));
    return QDir::home().filePath(name + suffix);
}

void ChartPanel::chooseImageFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Chart as PNG"), suggestedName(QStringLiteral(".png")),
                                                      tr("PNG images (*.png)"));
    if (!path.isEmpty())
        saveImage(path);
}

void ChartPanel::chooseCsvFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Chart Data as CSV"), suggestedName(QStringLiteral(".csv")),
                                                      tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        saveCsv(path);
}

} // namespace switchboard::ui
