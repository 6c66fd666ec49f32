// Reading a workspace given on the command line or in the Open Workspace dialog, and showing it
// back without its password.
#include "storefixtures.h"
#include "store/workspace.h"
#include "store/workspacelocation.h"
#include "temporaryworkspace.h"

#include <QDir>
#include <QStandardPaths>
#include <QTest>

using namespace switchboard;
using core::ErrorCode;
using core::store::WorkspaceLocation;
using tests::codeOf;

namespace {

// Restores the current directory when a test that changed it ends, passed or failed.
class CurrentDirectory final
{
    Q_DISABLE_COPY_MOVE(CurrentDirectory)

public:
    explicit CurrentDirectory(const QString &path) : m_previous(QDir::currentPath())
    {
        m_changed = QDir::setCurrent(path);
    }
    ~CurrentDirectory() { QDir::setCurrent(m_previous); }
    bool changed() const { return m_changed; }

private:
    QString m_previous;
    bool m_changed = false;
};

} // namespace

class TestWorkspaceLocation final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void relativePathIsMadeAbsolute_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::addColumn<QString>("relative");
        QTest::newRow("file name") << QStringLiteral("ops.switchboard")
                                   << QStringLiteral("ops.switchboard");
        QTest::newRow("subfolder") << QStringLiteral("teams/ops.switchboard")
                                   << QStringLiteral("teams/ops.switchboard");
        QTest::newRow("dot slash") << QStringLiteral("./ops.switchboard")
                                   << QStringLiteral("ops.switchboard");
        QTest::newRow("dot dot") << QStringLiteral("teams/../ops.switchboard")
                                 << QStringLiteral("ops.switchboard");
        QTest::newRow("surrounding spaces") << QStringLiteral("  ops.switchboard \n")
                                            << QStringLiteral("ops.switchboard");
        QTest::newRow("space inside") << QStringLiteral("my ops.switchboard")
                                      << QStringLiteral("my ops.switchboard");
    }

    void relativePathIsMadeAbsolute()
    {
        QFETCH(QString, argument);
        QFETCH(QString, relative);
        tests::TemporaryWorkspace temp;
        const CurrentDirectory cwd(temp.dir());
        QVERIFY(cwd.changed());

        auto location = WorkspaceLocation::fromArgument(argument);
        QVERIFY_OK(location);
        QVERIFY(location->isValid());
        QVERIFY(location->kind() == WorkspaceLocation::Kind::SqliteFile);
        QVERIFY(QDir::isAbsolutePath(location->target()));
        // QDir::currentPath() rather than temp.dir(): the temporary folder may sit behind a
        // symlink, and the current directory is the resolved one.
        const QString expected = QDir(QDir::currentPath()).filePath(relative);
        QCOMPARE(location->target(), expected);
        QCOMPARE(location->displayName(), QDir::toNativeSeparators(expected));
        // The same file spelled two ways is the same workspace (recent list, "already open").
        QVERIFY(*location == WorkspaceLocation::sqliteFile(expected));
    }

    void absolutePathIsKept()
    {
        tests::TemporaryWorkspace temp;
        const QString path = temp.path(QStringLiteral("abs.switchboard"));
        auto location = WorkspaceLocation::fromArgument(path);
        QVERIFY_OK(location);
        QVERIFY(location->kind() == WorkspaceLocation::Kind::SqliteFile);
        QCOMPARE(location->target(), path);
    }

    void postgresUrlIsAccepted_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::newRow("postgresql://") << QStringLiteral("postgresql://ops@db.internal:5432/switchboard");
        QTest::newRow("postgres://") << QStringLiteral("postgres://ops:s3cr3t@db.internal/switchboard");
        QTest::newRow("no user") << QStringLiteral("postgresql://db.internal/switchboard");
        QTest::newRow("query") << QStringLiteral("postgresql://db.internal/sb?sslmode=require");
        QTest::newRow("ipv6") << QStringLiteral("postgresql://ops@[::1]:5432/sb");
    }

    void postgresUrlIsAccepted()
    {
        QFETCH(QString, argument);
        const QStringList spellings { argument, QStringLiteral("  %1\n").arg(argument) };
        for (const QString &given : spellings) {
            auto location = WorkspaceLocation::fromArgument(given);
            QVERIFY_OK(location);
            QVERIFY(location->isValid());
            QVERIFY(location->kind() == WorkspaceLocation::Kind::PostgreSql);
            QCOMPARE(location->target(), argument);
        }
    }

    void invalidPostgresUrlIsRejected_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::newRow("scheme only") << QStringLiteral("postgresql://");
        QTest::newRow("no host") << QStringLiteral("postgresql:///switchboard");
        QTest::newRow("user, no host") << QStringLiteral("postgres://ops@/switchboard");
        QTest::newRow("port not a number") << QStringLiteral("postgresql://db.internal:port/sb");
        QTest::newRow("space in host") << QStringLiteral("postgresql://db internal/sb");
        QTest::newRow("unclosed ipv6") << QStringLiteral("postgresql://[::1/sb");
    }

    void invalidPostgresUrlIsRejected()
    {
        QFETCH(QString, argument);
        auto location = WorkspaceLocation::fromArgument(argument);
        QCOMPARE(codeOf(location), core::nameOf(ErrorCode::InvalidArgument));
        // The message shows the form to use.
        QVERIFY(location.error().message.contains(QLatin1String("postgresql://")));
    }

    void otherSchemeIsRejected_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::newRow("mysql") << QStringLiteral("mysql://db.internal/switchboard");
        QTest::newRow("https") << QStringLiteral("https://example.com/ops.switchboard");
        QTest::newRow("file") << QStringLiteral("file:///tmp/ops.switchboard");
        QTest::newRow("sqlite") << QStringLiteral("sqlite:///tmp/ops.switchboard");
        QTest::newRow("postgresql misspelt") << QStringLiteral("postgresq://db.internal/sb");
    }

    void otherSchemeIsRejected()
    {
        QFETCH(QString, argument);
        auto location = WorkspaceLocation::fromArgument(argument);
        QCOMPARE(codeOf(location), core::nameOf(ErrorCode::InvalidArgument));
        QVERIFY(location.error().message.contains(argument));
    }

    void emptyArgumentIsRejected_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::newRow("empty") << QString();
        QTest::newRow("spaces") << QStringLiteral("   ");
        QTest::newRow("tab and newline") << QStringLiteral("\t\n");
    }

    void emptyArgumentIsRejected()
    {
        QFETCH(QString, argument);
        auto location = WorkspaceLocation::fromArgument(argument);
        QCOMPARE(codeOf(location), core::nameOf(ErrorCode::InvalidArgument));
        QVERIFY(!location.error().message.isEmpty());
        QVERIFY(!WorkspaceLocation().isValid());
    }

    void displayNameHidesThePassword_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QStringList>("secrets"); // none may appear, in any spelling
        QTest::addColumn<QStringList>("shown");   // what the user needs to recognise it

        const QStringList secret { QStringLiteral("s3cr3t") };
        QTest::newRow("user and password")
            << QStringLiteral("postgresql://ops:s3cr3t@db.internal:5432/switchboard") << secret
            << QStringList { QStringLiteral("ops@db.internal:5432"), QStringLiteral("/switchboard") };
        QTest::newRow("postgres://") << QStringLiteral("postgres://ops:s3cr3t@db.internal/sb") << secret
                                     << QStringList { QStringLiteral("db.internal") };
        QTest::newRow("password only") << QStringLiteral("postgresql://:s3cr3t@db.internal/sb")
                                       << secret << QStringList { QStringLiteral("db.internal") };
        QTest::newRow("percent-encoded")
            << QStringLiteral("postgresql://ops:p%40ss%2Fw0rd@db.internal/sb")
            << QStringList { QStringLiteral("p%40ss%2Fw0rd"), QStringLiteral("p@ss/w0rd"),
                             QStringLiteral("w0rd") }
            << QStringList { QStringLiteral("db.internal") };
        QTest::newRow("encoded letters")
            << QStringLiteral("postgresql://ops:%73%33cr3t@db.internal/sb")
            << QStringList { QStringLiteral("s3cr3t"), QStringLiteral("%73%33cr3t") }
            << QStringList { QStringLiteral("db.internal") };
        QTest::newRow("password in the query")
            << QStringLiteral("postgresql://db.internal/sb?user=ops&password=s3cr3t") << secret
            << QStringList { QStringLiteral("db.internal") };
        QTest::newRow("password in the query, after sslmode")
            << QStringLiteral("postgresql://ops@db.internal/sb?sslmode=require&password=s3cr3t")
            << secret << QStringList { QStringLiteral("db.internal") };
        QTest::newRow("several hosts")
            << QStringLiteral("postgresql://ops:s3cr3t@db1.internal,db2.internal/sb") << secret
            << QStringList { QStringLiteral("db1.internal") };
        QTest::newRow("ipv6") << QStringLiteral("postgresql://ops:s3cr3t@[::1]:5432/sb") << secret
                              << QStringList { QStringLiteral("[::1]") };
    }

    void displayNameHidesThePassword()
    {
        QFETCH(QString, url);
        QFETCH(QStringList, secrets);
        QFETCH(QStringList, shown);
        auto location = WorkspaceLocation::fromArgument(url);
        QVERIFY_OK(location);
        QVERIFY(location->kind() == WorkspaceLocation::Kind::PostgreSql);
        const QString display = location->displayName();
        for (const QString &secret : secrets)
            QVERIFY2(!display.contains(secret, Qt::CaseInsensitive), qPrintable(display));
        for (const QString &part : shown)
            QVERIFY2(display.contains(part), qPrintable(display));

        // Nor does an error about that workspace show it.
        auto prepared = core::store::prepareWorkspace(*location);
        QVERIFY(!prepared);
        for (const QString &secret : secrets)
            QVERIFY2(!prepared.error().message.contains(secret, Qt::CaseInsensitive),
                     qPrintable(prepared.error().message));
    }

    void rejectedArgumentDoesNotEchoAPassword_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::newRow("other scheme") << QStringLiteral("mysql://ops:s3cr3t@db.internal/sb");
        QTest::newRow("bad postgres port") << QStringLiteral("postgresql://ops:s3cr3t@db:port/sb");
    }

    void rejectedArgumentDoesNotEchoAPassword()
    {
        QFETCH(QString, argument);
        auto location = WorkspaceLocation::fromArgument(argument);
        QCOMPARE(codeOf(location), core::nameOf(ErrorCode::InvalidArgument));
        QVERIFY2(!location.error().message.contains(QLatin1String("s3cr3t")),
                 qPrintable(location.error().message));
    }

    void fileDisplayNameIsTheNativePath()
    {
        tests::TemporaryWorkspace temp;
        const QString path = temp.path(QStringLiteral("ops.switchboard"));
        QCOMPARE(WorkspaceLocation::sqliteFile(path).displayName(), QDir::toNativeSeparators(path));
    }

    void defaultLocationIsAFileInAppData()
    {
        const WorkspaceLocation location = WorkspaceLocation::defaultLocation();
        QVERIFY(location.isValid());
        QVERIFY(location.kind() == WorkspaceLocation::Kind::SqliteFile);
        QVERIFY(QDir::isAbsolutePath(location.target()));
        QVERIFY(location.target().endsWith(QLatin1String("/workspaces/default.switchboard")));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceLocation)
#include "tst_workspacelocation.moc"
