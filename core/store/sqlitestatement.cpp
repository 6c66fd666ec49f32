#include "store/sqlitestatement.h"

#include <sqlite3.h>

namespace switchboard::core::store {

Result<SqliteStatement> SqliteStatement::prepare(sqlite3 *db, const QByteArray &sql)
{
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v3(db, sql.constData(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &statement, nullptr)
        != SQLITE_OK)
        return fail(ErrorCode::StoreFailure,
                    QStringLiteral("Could not prepare a statement: %1").arg(QString::fromUtf8(sqlite3_errmsg(db))));
    return SqliteStatement(db, statement);
}

SqliteStatement::SqliteStatement(SqliteStatement &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_statement(std::exchange(other.m_statement, nullptr))
{
}

SqliteStatement &SqliteStatement::operator=(SqliteStatement &&other) noexcept
{
    std::swap(m_db, other.m_db);
    std::swap(m_statement, other.m_statement);
    return *this;
}

SqliteStatement::~SqliteStatement()
{
    if (m_statement)
        sqlite3_finalize(m_statement);
}

void SqliteStatement::bindText(int index, const QByteArray &utf8)
{
    if (utf8.isNull())
        sqlite3_bind_null(m_statement, index);
    else
        sqlite3_bind_text64(m_statement, index, utf8.constData(), static_cast<sqlite3_uint64>(utf8.size()),
                            SQLITE_TRANSIENT, SQLITE_UTF8);
}

void SqliteStatement::bindBlob(int index, const QByteArray &bytes)
{
    if (bytes.isNull())
        sqlite3_bind_null(m_statement, index);
    else
        sqlite3_bind_blob64(m_statement, index, bytes.constData(), static_cast<sqlite3_uint64>(bytes.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bindInt(int index, qint64 value)
{
    sqlite3_bind_int64(m_statement, index, value);
}

void SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_statement, index);
}

void SqliteStatement::bind(int index, const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::UnknownType: bindNull(index); return;
    case QMetaType::QString: {
        // A null QString is an empty text, as in Connection::run: text columns are NOT NULL.
        const QByteArray utf8 = value.toString().toUtf8();
        bindText(index, utf8.isNull() ? QByteArray("") : utf8);
        return;
    }
    case QMetaType::QByteArray: bindBlob(index, value.toByteArray()); return;
    case QMetaType::Bool: bindInt(index, value.toBool() ? 1 : 0); return;
    case QMetaType::Double: sqlite3_bind_double(m_statement, index, value.toDouble()); return;
    default: bindInt(index, value.toLongLong()); return;
    }
}

Result<void> SqliteStatement::run(const QVariantList &values)
{
    for (int i = 0; i < values.size(); ++i)
        bind(i + 1, values.at(i));
    auto stepped = step();
    reset();
    if (!stepped)
        return std::unexpected(stepped.error());
    return {};
}

Result<void> SqliteStatement::run(const BoundRow &row)
{
    int index = 0;
    for (const BoundValue &value : row) {
        ++index;
        switch (value.kind) {
        case BoundValue::Kind::Null: sqlite3_bind_null(m_statement, index); break;
        case BoundValue::Kind::Integer: sqlite3_bind_int64(m_statement, index, value.integer); break;
        case BoundValue::Kind::Text:
            sqlite3_bind_text64(m_statement, index, value.bytes.constData(), static_cast<sqlite3_uint64>(value.bytes.size()),
                                SQLITE_STATIC, SQLITE_UTF8);
            break;
        case BoundValue::Kind::Blob:
            sqlite3_bind_blob64(m_statement, index, value.bytes.constData(), static_cast<sqlite3_uint64>(value.bytes.size()),
                                SQLITE_STATIC);
            break;
        }
    }
    auto stepped = step();
    reset();
    if (!stepped)
        return std::unexpected(stepped.error());
    return {};
}

Result<bool> SqliteStatement::step()
{
    const int result = sqlite3_step(m_statement);
    if (result == SQLITE_ROW)
        return true;
    if (result == SQLITE_DONE)
        return false;
    return std::unexpected(lastError());
}

QByteArray SqliteStatement::blobColumn(int column) const
{
    const void *data = sqlite3_column_blob(m_statement, column);
    const int size = sqlite3_column_bytes(m_statement, column);
    return data ? QByteArray(static_cast<const char *>(data), size) : QByteArray();
}

qint64 SqliteStatement::intColumn(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

QString SqliteStatement::textColumn(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    return data ? QString::fromUtf8(data, sqlite3_column_bytes(m_statement, column)) : QString();
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
}

Error SqliteStatement::lastError() const
{
    const int code = sqlite3_errcode(m_db) & 0xff;
    const QString message = QString::fromUtf8(sqlite3_errmsg(m_db));
    if (code == SQLITE_CONSTRAINT && (message.contains(QLatin1String("UNIQUE")) || message.contains(QLatin1String("PRIMARY KEY"))))
        return Error { ErrorCode::Conflict, QStringLiteral("The workspace already holds an entry with the same key (%1).").arg(message) };
    if (code == SQLITE_FULL)
        return Error { ErrorCode::Io, QStringLiteral("The disk holding the workspace is full (%1).").arg(message) };
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        return Error { ErrorCode::StoreUnavailable, QStringLiteral("The workspace is locked by another writer (%1).").arg(message) };
    return Error { ErrorCode::StoreFailure, QStringLiteral("A write to the workspace failed: %1").arg(message) };
}

} // namespace switchboard::core::store
