using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace PolicyRegister.Web.Auth;

/// <summary>
/// Data Protection keys (which sign staff cookies and antiforgery tokens) are stored in PostgreSQL encrypted with
/// AES-256-GCM under a key from configuration, Register:DataProtectionKey (32 bytes, base64): read access to the
/// database is not enough to forge a staff cookie. Production refuses to start without it.
/// </summary>
public static class DataProtectionKeyEncryption
{
    public const string Setting = "Register:DataProtectionKey";

    public static byte[]? Key(IConfiguration config)
    {
        var text = config[Setting];
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            var key = Convert.FromBase64String(text.Trim());
            return key.Length == 32 ? key : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new Infrastructure.ConfigurationProblem($"{Setting} must be 32 random bytes in base64 (for example: head -c 32 /dev/urandom | base64).");
        }
    }

    public sealed class Encryptor(byte[] key) : IXmlEncryptor
    {
        public EncryptedXmlInfo Encrypt(XElement plaintextElement)
        {
            var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
            var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
            var tag = new byte[AesGcm.TagByteSizes.MaxSize];
            var cipher = new byte[plain.Length];
            using (var aes = new AesGcm(key, tag.Length)) aes.Encrypt(nonce, plain, cipher, tag);
            var element = new XElement("encryptedKey", new XAttribute("algorithm", "AES-256-GCM"),
                new XElement("nonce", Convert.ToBase64String(nonce)), new XElement("tag", Convert.ToBase64String(tag)),
                new XElement("value", Convert.ToBase64String(cipher)));
            return new EncryptedXmlInfo(element, typeof(Decryptor));
        }
    }

    /// <summary>Created by Data Protection through its activator, with the host's services.</summary>
    public sealed class Decryptor(IServiceProvider services) : IXmlDecryptor
    {
        public XElement Decrypt(XElement encryptedElement)
        {
            var key = Key(services.GetRequiredService<IConfiguration>())
                ?? throw new InvalidOperationException($"An encrypted Data Protection key was found but {Setting} is not set.");
            var nonce = Convert.FromBase64String(encryptedElement.Element("nonce")!.Value);
            var tag = Convert.FromBase64String(encryptedElement.Element("tag")!.Value);
            var cipher = Convert.FromBase64String(encryptedElement.Element("value")!.Value);
            var plain = new byte[cipher.Length];
            using (var aes = new AesGcm(key, tag.Length)) aes.Decrypt(nonce, cipher, tag, plain);
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
    }
}
