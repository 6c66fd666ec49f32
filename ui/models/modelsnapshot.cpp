#include "models/modelsnapshot.h"

#include "store/connection.h"
#include "store/pricerepository.h"
#include "store/providerrepository.h"

#include <QDateTime>

namespace switchboard::ui {

// One snapshot of the store: a pin never names a provider that the list beside it lacks.
core::Result<ModelsSnapshot> ModelsSnapshot::read(core::store::Connection &connection)
{
    ModelsSnapshot snapshot;
    auto read = connection.readTransaction([&]() -> core::Result<void> {
        auto providers = core::store::ProviderRepository(connection).list();
        if (!providers)
            return std::unexpected(providers.error());
        snapshot.providers = std::move(*providers);
        auto models = core::store::ModelRepository(connection).list();
        if (!models)
            return std::unexpected(models.error());
        auto prices = core::store::PriceRepository(connection).loadPriceBook();
        if (!prices)
            return std::unexpected(prices.error());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (core::store::CatalogueModel &model : *models) {
            auto price = prices->priceFor(model.providerKind, model.name, now);
            snapshot.catalogue.push_back({ std::move(model), price });
        }
        auto pins = core::store::PinRepository(connection).list();
        if (!pins)
            return std::unexpected(pins.error());
        snapshot.pins = std::move(*pins);
        return {};
    });
    if (!read)
        return std::unexpected(read.error());
    return snapshot;
}

} // namespace switchboard::ui
