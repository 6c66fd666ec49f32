#include "common/emptystate.h"

#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace switchboard::ui {

namespace {
constexpr int kIconSize = 64;
constexpr int kTextWidth = 520;
} // namespace

EmptyState::EmptyState(QWidget *parent)
    : QWidget(parent)
    , m_icon(new QLabel(this))
    , m_title(new QLabel(this))
    , m_body(new QLabel(this))
    , m_action(new QPushButton(this))
{
    m_icon->setAlignment(Qt::AlignCenter);
    m_title->setAlignment(Qt::AlignCenter);
    m_title->setObjectName(QStringLiteral("emptyStateTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_body->setObjectName(QStringLiteral("emptyStateBody"));
    m_body->setAlignment(Qt::AlignCenter);
    m_body->setWordWrap(true);
    m_body->setTextFormat(Qt::RichText);
    m_body->setFixedWidth(kTextWidth);
    m_body->setForegroundRole(QPalette::PlaceholderText);
    m_action->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(m_icon, 0, Qt::AlignHCenter);
    layout->addSpacing(12);
    layout->addWidget(m_title, 0, Qt::AlignHCenter);
    layout->addSpacing(6);
    layout->addWidget(m_body, 0, Qt::AlignHCenter);
    layout->addSpacing(16);
    layout->addWidget(m_action, 0, Qt::AlignHCenter);
    layout->addStretch(3);

    connect(m_action, &QPushButton::clicked, this, &EmptyState::actionTriggered);
}

void EmptyState::setContent(const Content &content)
{
    m_icon->setPixmap(QIcon(content.iconPath).pixmap(kIconSize, kIconSize, QIcon::Disabled));
    m_title->setText(content.title);
    m_body->setText(content.body);
    // A word-wrapped label placed with an alignment gets its one-line size hint; give it the
    // height its text needs at the fixed width.
    m_body->setMinimumHeight(m_body->heightForWidth(kTextWidth));
    m_action->setText(content.actionText);
    m_action->setVisible(!content.actionText.isEmpty());
}

} // namespace switchboard::ui
