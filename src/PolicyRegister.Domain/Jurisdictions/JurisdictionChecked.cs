using System.Security.Cryptography;
using System.Text;
using PolicyRegister.Domain.Documents;

namespace PolicyRegister.Domain.Jurisdictions;

// Stored event type: never rename it.

/// <summary>
/// A person checked every document of a jurisdiction up to <see cref="CheckedUpTo"/> (a whole gazette year, a
/// cleanup): each of its documents counts as checked up to that date unless it has a later check of its own.
/// </summary>
public sealed record JurisdictionChecked(string Jurisdiction, DateOnly CheckedUpTo, CheckSource Against, string? Reference, string? Note)
{
    /// <summary>The jurisdiction's own stream of checks, one per division code, the same on every node.</summary>
    public static Guid StreamOf(string code)
    {
        var hash = MD5.HashData(Encoding.UTF8.GetBytes("policyregister:jurisdiction-checks:" + code));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x30); // a name-based (version 3) UUID
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true);
    }
}
