// Classifying what providers (and proxies in front of them) send back when a call fails.
#include "coretostring.h"
#include "providers/providerfailure.h"
#include "testdata.h"

#include <QTest>

#include <nlohmann/json.hpp>

using namespace switchboard::core;
using namespace switchboard::core::providers;
using nlohmann::json;

class TestProviderFailure final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void errorCorpus_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("status");
        QTest::addColumn<QVariantMap>("headers");
        QTest::addColumn<QString>("category");
        QTest::addColumn<bool>("retryable");
        QTest::addColumn<qint64>("retryAfterMs"); // -1: none
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("mentions");

        const json manifest = json::parse(switchboard::tests::testData(QStringLiteral("errors/cases.json")).toStdString());
        for (const json &c : manifest.at("cases")) {
            const std::string format = c.at("format").get<std::string>();
            const int wire = format == "openai" ? int(WireFormat::OpenAi)
                : format == "anthropic"         ? int(WireFormat::Anthropic)
                                                : int(WireFormat::Gemini);
            QVariantMap headers;
            for (const auto &[key, value] : c.at("headers").items())
                headers.insert(QString::fromStdString(key), QString::fromStdString(value.get<std::string>()));
            const QString file = QString::fromStdString(c.at("file").get<std::string>());
            QTest::newRow(qPrintable(file))
                << file << wire << c.at("status").get<int>() << headers
                << QString::fromStdString(c.at("category").get<std::string>()) << c.at("retryable").get<bool>()
                << (c.at("retry_after_ms").is_null() ? qint64(-1) : c.at("retry_after_ms").get<qint64>())
                << QString::fromStdString(c.at("code").get<std::string>())
                << QString::fromStdString(c.value("mentions", std::string()));
        }
    }

    void errorCorpus()
    {
        QFETCH(QString, file);
        QFETCH(int, format);
        QFETCH(int, status);
        QFETCH(QVariantMap, headers);
        QFETCH(QString, category);
        QFETCH(bool, retryable);
        QFETCH(qint64, retryAfterMs);
        QFETCH(QString, code);
        QFETCH(QString, mentions);

        HttpHeaders httpHeaders;
        for (auto it = headers.cbegin(); it != headers.cend(); ++it)
            httpHeaders.append({ it.key().toLatin1(), it.value().toString().toLatin1() });
        const QDateTime now(QDate(2026, 11, 22), QTime(12, 0), Qt::UTC);
        const QByteArray body = switchboard::tests::testData(QStringLiteral("errors/") + file);

        const ProviderFailure failure =
            classifyHttpError(static_cast<WireFormat>(format), status, httpHeaders, body, now);
        QCOMPARE(nameOf(failure.category), category);
        QCOMPARE(failure.retryable, retryable);
        QCOMPARE(failure.retryAfterMs.value_or(-1), retryAfterMs);
        QCOMPARE(failure.providerCode, code);
        QCOMPARE(failure.httpStatus, status);
        QVERIFY2(failure.message.contains(QString::number(status)), qPrintable(failure.message));
        if (!mentions.isEmpty())
            QVERIFY2(failure.message.contains(mentions), qPrintable(failure.message));
        // A message is for people: no markup from an HTML page leaks into it.
        QVERIFY2(!failure.message.contains(QLatin1Char('<')), qPrintable(failure.message));
    }

    void retryAfterReadsSecondsDatesAndRejectsNonsense()
    {
        const QDateTime now(QDate(2026, 11, 22), QTime(12, 0), Qt::UTC);
        QCOMPARE(parseRetryAfterMs("7", now), std::optional<qint64>(7000));
        QCOMPARE(parseRetryAfterMs(" 1.5 ", now), std::optional<qint64>(1500));
        QCOMPARE(parseRetryAfterMs("Sun, 22 Nov 2026 12:01:00 GMT", now), std::optional<qint64>(60000));
        QCOMPARE(parseRetryAfterMs("Sun, 22 Nov 2026 11:00:00 GMT", now), std::optional<qint64>(0));
        QCOMPARE(parseRetryAfterMs("Sunday, 22-Nov-26 12:00:05 GMT", now), std::optional<qint64>(5000));
        QCOMPARE(parseRetryAfterMs("Sun Nov 22 12:00:09 2026", now), std::optional<qint64>(9000));
        QCOMPARE(parseRetryAfterMs("-3", now), std::nullopt);
        QCOMPARE(parseRetryAfterMs("soon", now), std::nullopt);
        QCOMPARE(parseRetryAfterMs("", now), std::nullopt);
        QCOMPARE(parseRetryAfterMs("inf", now), std::nullopt);
    }

    void anOverloadEventInsideA200StreamIsRetryable()
    {
        const ProviderFailure failure = classifyStreamError(WireFormat::Anthropic, QStringLiteral("overloaded_error"),
                                                            QStringLiteral("Overloaded"));
        QCOMPARE(failure.category, FailureCategory::Overloaded);
        QVERIFY(failure.retryable);
        QCOMPARE(failure.httpStatus, 0);
    }
};

QTEST_GUILESS_MAIN(TestProviderFailure)
#include "tst_providerfailure.moc"
