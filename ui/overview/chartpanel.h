#pragma once

#include <QFrame>

#include <functional>

class QLabel;
class QHBoxLayout;
class QToolButton;

namespace switchboard::ui {

// A chart (or table) with its title, the controls that change it, and a menu to save it as a
// PNG image or its data as CSV. Files are written off the GUI thread.
class ChartPanel final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartPanel)

public:
    ChartPanel(const QString &title, QWidget *content, QWidget *parent = nullptr);

    QString title() const;
    QWidget *content() const { return m_content; }
    // Controls shown at the right of the title (a switch of what the chart shows).
    void addControl(QWidget *control);
    // The chart's data as CSV, given when the data changes.
    void setCsv(std::function<QByteArray()> csv) { m_csv = std::move(csv); }
    // A short line under the title (the filter in force, a note on what is counted).
    void setNote(const QString &note);

    QImage image() const;
    // Written on a worker; savedTo or saveFailed follows.
    void saveImage(const QString &path);
    void saveCsv(const QString &path);
    QToolButton *menuButton() const { return m_menu; }

Q_SIGNALS:
    void savedTo(const QString &path);
    void saveFailed(const QString &message);

private:
    void chooseImageFile();
    void chooseCsvFile();
    void writeInBackground(const QString &path, std::function<bool()> write);
    QString suggestedName(const QString &suffix) const;

    QLabel *m_title;
    QLabel *m_note;
    QHBoxLayout *m_header;
    QToolButton *m_menu;
    QWidget *m_content;
    std::function<QByteArray()> m_csv;
};

} // namespace switchboard::ui
