using System.Data.Common;
using Marten;
using Npgsql;
using Weasel.Core;

namespace PolicyRegister.Web.Infrastructure;

/// <summary>
/// Marten's System.Text.Json serializer, reading a row's JSON in one pass. Marten's asynchronous reads deserialize
/// through a stream in 16 KB chunks; a text's event (5–40 KB) spans several, and System.Text.Json then re-reads its
/// record's arguments at each chunk. Marten never reads with sequential access, so the row is already in memory when
/// its column is read: the synchronous read (copied to a pooled buffer, then parsed whole) costs no I/O.
/// </summary>
internal sealed class BufferedJsonSerializer(Marten.Services.SystemTextJsonSerializer inner) : Marten.ISerializer
{
    public EnumStorage EnumStorage => inner.EnumStorage;
    public Casing Casing => inner.Casing;
    public ValueCasting ValueCasting => inner.ValueCasting;

    public string ToJson(object? document) => inner.ToJson(document);
    public T FromJson<T>(Stream stream) => inner.FromJson<T>(stream);
    public T FromJson<T>(DbDataReader reader, int index) => inner.FromJson<T>(reader, index);
    public ValueTask<T> FromJsonAsync<T>(Stream stream, CancellationToken cancellationToken = default) => inner.FromJsonAsync<T>(stream, cancellationToken);
    public ValueTask<T> FromJsonAsync<T>(DbDataReader reader, int index, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(inner.FromJson<T>(reader, index));
    public object FromJson(Type type, Stream stream) => inner.FromJson(type, stream);
    public object FromJson(Type type, DbDataReader reader, int index) => inner.FromJson(type, reader, index);
    public ValueTask<object> FromJsonAsync(Type type, Stream stream, CancellationToken cancellationToken = default) => inner.FromJsonAsync(type, stream, cancellationToken);
    public ValueTask<object> FromJsonAsync(Type type, DbDataReader reader, int index, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(inner.FromJson(type, reader, index));
    public string ToCleanJson(object? document) => inner.ToCleanJson(document);
    public string ToJsonWithTypes(object document) => inner.ToJsonWithTypes(document);
    public void WriteToParameter(NpgsqlParameter parameter, object? value) => inner.WriteToParameter(parameter, value);
    public void WriteToCleanJson(System.Buffers.IBufferWriter<byte> writer, object? value) => inner.WriteToCleanJson(writer, value);
    public void WriteTo(System.Buffers.IBufferWriter<byte> writer, object? value) => inner.WriteTo(writer, value);
    public void WriteToJsonWithTypes(System.Buffers.IBufferWriter<byte> writer, object document) => inner.WriteToJsonWithTypes(writer, document);
}
