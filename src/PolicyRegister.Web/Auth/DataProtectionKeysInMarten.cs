using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace PolicyRegister.Web.Auth;

public sealed class DataProtectionKey
{
    public string Id { get; set; } = "";
    public string Xml { get; set; } = "";
}

/// <summary>ASP.NET Core Data Protection keys in PostgreSQL, so that every node of a cluster reads the same keys.</summary>
public sealed class DataProtectionKeysInMarten(IDocumentStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var session = store.QuerySession();
        // IXmlRepository is synchronous; Marten 9 reads only asynchronously.
        var keys = session.Query<DataProtectionKey>().ToListAsync().GetAwaiter().GetResult();
        return keys.Select(k => XElement.Parse(k.Xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var session = store.LightweightSession();
        session.Store(new DataProtectionKey { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        session.SaveChangesAsync().GetAwaiter().GetResult();
    }

    public sealed class Setup(IDocumentStore store, IConfiguration config) : IConfigureOptions<KeyManagementOptions>
    {
        public void Configure(KeyManagementOptions options)
        {
            options.XmlRepository = new DataProtectionKeysInMarten(store);
            if (DataProtectionKeyEncryption.Key(config) is { } key) options.XmlEncryptor = new DataProtectionKeyEncryption.Encryptor(key);
        }
    }
}
