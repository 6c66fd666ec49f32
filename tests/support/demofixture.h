#pragma once

#include "demo/demorecipe.h"
#include "demo/demoworkspace.h"
#include "execute/callexecution.h"
#include "execute/workspaceexecutor.h"
#include "prompts/promptreference.h"
#include "store/callrepository.h"
#include "store/connection.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QSignalSpy>

namespace switchboard::tests {

// A demo workspace (providers, pins, prompts; no traffic) whose simulations are fast and never
// fail on their own, with the executor the console would run calls on.
class DemoFixture final
{
    Q_DISABLE_COPY_MOVE(DemoFixture)

public:
    DemoFixture()
    {
        using namespace switchboard::core;
        if (!store::prepareWorkspace(m_temp.location(), store::Connection::Mode::CreateIfMissing))
            return;
        {
            auto connection = store::Connection::open(m_temp.location());
            auto recipe = demo::DemoRecipe::shipped();
            if (!connection || !recipe || !demo::seedDemoWorkspace(**connection, *recipe, QDateTime::currentMSecsSinceEpoch()))
                return;
            if (!(*connection)->exec(QStringLiteral("UPDATE providers SET settings_json = '{\"time_scale\": 0.01, \"faults\": false}'")))
                return;
        }
        m_workspace = std::make_unique<execute::WorkspaceExecutor>(m_temp.location());
        m_ready = m_workspace->prepare().has_value();
    }

    bool isReady() const { return m_ready; }
    core::store::WorkspaceLocation location() const { return m_temp.location(); }
    core::execute::WorkspaceExecutor &workspace() { return *m_workspace; }
    core::store::Connection &connection() { return m_workspace->connection(); }

    static nlohmann::json variables()
    {
        return { { "product", "Northwind Cloud" }, { "question", "How do I reset my password?" } };
    }

    // A call as the gateway makes it from "support/answer@1" with variables, plus a message
    // and a temperature of the caller's own.
    core::store::RecordedCall callThroughPrompt()
    {
        using namespace switchboard::core;
        auto rendered = prompts::renderReference(connection(), { QStringLiteral("support/answer"), {}, 1 }, variables());
        if (!rendered)
            return {};
        execute::CallSpec spec;
        spec.request = rendered->request;
        spec.request.messages.push_back(ChatMessage::text(Role::User, QStringLiteral("Please keep it short.")));
        spec.request.temperature = 0.3;
        spec.request.stream = true;
        spec.promptName = QStringLiteral("support/answer");
        spec.promptVersion = 1;
        spec.variablesJson = QByteArray::fromStdString(variables().dump());
        return run(std::move(spec), QStringLiteral("chat-smart"));
    }

    core::store::RecordedCall run(core::execute::CallSpec spec, const QString &alias)
    {
        using namespace switchboard::core;
        auto target = m_workspace->targetForAlias(alias);
        if (!target)
            return {};
        spec.targets.push_back(*target);
        spec.origin = CallOrigin::Gateway;
        spec.tenant = QStringLiteral("acme");
        spec.feature = QStringLiteral("support-answer");
        spec.userId = QStringLiteral("acme-user-7");
        execute::CallExecution *execution = m_workspace->start(std::move(spec));
        QSignalSpy finished(execution, &execute::CallExecution::finished);
        if (!finished.wait(20'000))
            return {};
        m_workspace->flush();
        return load(finished.front().front().value<execute::CallOutcome>().record.id);
    }

    core::store::RecordedCall load(const QString &id)
    {
        auto loaded = core::store::CallRepository(connection()).load(id);
        return loaded && *loaded ? **loaded : core::store::RecordedCall {};
    }

private:
    TemporaryWorkspace m_temp;
    std::unique_ptr<core::execute::WorkspaceExecutor> m_workspace;
    bool m_ready = false;
};

} // namespace switchboard::tests
