#include "common/page.h"

#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace switchboard::ui {

Page::Page(Description description, QWidget *parent)
    : QWidget(parent)
    , m_description(std::move(description))
    , m_stack(new QStackedWidget(this))
    , m_emptyState(new EmptyState(this))
{
    setObjectName(m_description.id + QLatin1String("Page"));

    auto *title = new QLabel(m_description.title, this);
    title->setObjectName(QStringLiteral("pageTitle"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);

    auto *subtitle = new QLabel(m_description.subtitle, this);
    subtitle->setObjectName(QStringLiteral("pageSubtitle"));
    subtitle->setForegroundRole(QPalette::PlaceholderText);
    subtitle->setWordWrap(true);

    m_stack->addWidget(m_emptyState);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 18, 24, 12);
    layout->setSpacing(2);
    layout->addWidget(title);
    layout->addWidget(subtitle);
    layout->addSpacing(12);
    layout->addWidget(m_stack, 1);
}

Page::~Page() = default;

void Page::setWorkspace(const core::store::WorkspaceSummary &)
{
    showEmptyState(emptyContent());
}

void Page::clearWorkspace()
{
    showEmptyState({ m_description.iconPath, tr("No workspace open"),
                     tr("Open a workspace file with <b>File &gt; Open Workspace</b> (Ctrl+O), or "
                        "create one with <b>File &gt; New Workspace</b> (Ctrl+N)."),
                     {} });
}

void Page::setContentWidget(QWidget *content)
{
    if (m_content) {
        m_stack->removeWidget(m_content);
        m_content->deleteLater();
    }
    m_content = content;
    m_stack->addWidget(m_content);
}

void Page::showEmptyState(const EmptyState::Content &content)
{
    m_emptyState->setContent(content);
    m_stack->setCurrentWidget(m_emptyState);
}

void Page::showContent()
{
    if (m_content)
        m_stack->setCurrentWidget(m_content);
}

} // namespace switchboard::ui
