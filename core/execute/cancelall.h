#pragma once

#include "execute/callexecution.h"

#include <QPointer>

#include <vector>

namespace switchboard::core::execute {

// Cancels each of a batch's executions that still runs (each still ends, as cancelled, and is
// recorded). With `listener`, that object is first disconnected from them, for a batch going
// away that must hear nothing more. Works on a copy: cancelling may finish an execution, whose
// handler changes the batch's list.
inline void cancelAll(std::vector<QPointer<CallExecution>> executions, QObject *listener = nullptr)
{
    for (const QPointer<CallExecution> &execution : executions) {
        if (!execution)
            continue;
        if (listener)
            execution->disconnect(listener);
        execution->cancel();
    }
}

} // namespace switchboard::core::execute
