#pragma once

#include "model/error.h"
#include "model/providerconfig.h"
#include "pricing/pricebook.h"
#include "store/modelrepository.h"
#include "store/pinrepository.h"

#include <optional>
#include <vector>

namespace switchboard::core::store {
class Connection;
}

namespace switchboard::ui {

// A catalogue model with its price as the price book gives it now.
struct CatalogueEntry
{
    core::store::CatalogueModel model;
    std::optional<core::pricing::Price> price; // none: the price table does not know the model
};

// What the Models & Pins page shows, read in one go on a worker thread and handed to the GUI
// as a value.
struct ModelsSnapshot
{
    std::vector<core::ProviderConfig> providers;
    std::vector<CatalogueEntry> catalogue;
    std::vector<core::store::Pin> pins;

    static core::Result<ModelsSnapshot> read(core::store::Connection &connection);
};

} // namespace switchboard::ui
