#include "models/pindetailsview.h"

#include "models/modelformat.h"

#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace switchboard::ui {

namespace {

QLabel *valueLabel()
{
    auto *label = new QLabel;
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

PinDetailsView::PinDetailsView(QWidget *parent)
    : QWidget(parent)
    , m_title(valueLabel())
    , m_snapshot(valueLabel())
    , m_limits(valueLabel())
    , m_price(valueLabel())
    , m_provider(valueLabel())
    , m_version(valueLabel())
{
    setObjectName(QStringLiteral("pin-details"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);

    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    form->setVerticalSpacing(10);
    form->setHorizontalSpacing(16);
    form->addRow(tr("Snapshot"), m_snapshot);
    form->addRow(tr("Limits"), m_limits);
    form->addRow(tr("Price"), m_price);
    form->addRow(tr("Provider"), m_provider);
    form->addRow(tr("Version"), m_version);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 0, 12, 0);
    layout->addWidget(m_title);
    layout->addSpacing(8);
    layout->addLayout(form);
    layout->addStretch(1);
    clear();
}

void PinDetailsView::setPin(const core::store::Pin &pin, const CatalogueEntry *catalogue,
    const core::ProviderConfig *provider, KeyStatus keyStatus)
{
    m_title->setText(QStringLiteral("<b>%1</b> → %2 / %3")
                         .arg(pin.alias.toHtmlEscaped(), pin.provider.toHtmlEscaped(),
                             pin.model.toHtmlEscaped()));
    if (pin.floating)
        m_snapshot->setText(
            tr("<span style='color:#b45309'>⚠ <b>Floating name.</b></span> %1 can change the model "
               "behind <i>%2</i> at any time; every caller of %3 changes with it. Repin to a dated "
               "snapshot.")
                .arg(pin.provider.toHtmlEscaped(), pin.model.toHtmlEscaped(),
                    pin.alias.toHtmlEscaped()));
    else if (catalogue && !catalogue->model.snapshotDate.isEmpty())
        m_snapshot->setText(tr("Dated snapshot of %1").arg(catalogue->model.snapshotDate));
    else
        m_snapshot->setText(tr("Dated snapshot"));

    if (catalogue)
        m_limits->setText(tr("context window %1 tokens · max output %2")
                              .arg(tokenCount(catalogue->model.contextWindow),
                                  tokenCount(catalogue->model.maxOutputTokens)));
    else
        m_limits->setText(
            tr("<i>not in the catalogue</i>: the limits of this model are not known here"));

    if (catalogue && catalogue->price) {
        const core::pricing::Price &price = *catalogue->price;
        m_price->setText(tr("%1 input · %2 output · %3 cached, per million tokens")
                             .arg(dollarsPerMtok(price.inputPerMtokMicros),
                                 dollarsPerMtok(price.outputPerMtokMicros),
                                 dollarsPerMtok(price.cacheReadPerMtokMicros.value_or(
                                     price.inputPerMtokMicros))));
    } else {
        m_price->setText(tr("<i>no price</i>: calls through this pin count as $0 until the price "
                            "table knows the model "
                            "(<code>switchboard-cli prices set</code>)"));
    }

    if (provider) {
        // Where the key comes from, unless there is none to come.
        const QString source = provider->keySource == core::KeySource::None
            ? QString()
            : QStringLiteral(" (%1)").arg(keySourceText(*provider).toHtmlEscaped());
        m_provider->setText(
            tr("%1 · key: <b>%2</b>%3%4")
                .arg(provider->name.toHtmlEscaped(), keyStatusText(keyStatus).toHtmlEscaped(),
                    source, provider->enabled ? QString() : tr(" · <b>disabled</b>")));
    } else
        m_provider->setText(
            tr("<i>%1 is not a provider of this workspace</i>").arg(pin.provider.toHtmlEscaped()));

    m_version->setText(tr("v%1, set by %2 on %3")
                           .arg(pin.version)
                           .arg(pin.updatedBy.toHtmlEscaped(), shortDateTime(pin.updatedMs)));
}

void PinDetailsView::clear()
{
    m_title->setText(tr("<b>No pin selected</b>"));
    for (QLabel *label : { m_snapshot, m_limits, m_price, m_provider, m_version })
        label->setText(QStringLiteral("—"));
}

} // namespace switchboard::ui
