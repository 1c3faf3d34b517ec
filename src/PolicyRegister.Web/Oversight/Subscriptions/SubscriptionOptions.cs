using System.Net;
using System.Net.Sockets;
using PolicyRegister.Web.Infrastructure;

namespace PolicyRegister.Web.Oversight.Subscriptions;

/// <summary>Configuration section <c>Subscriptions</c>.</summary>
public sealed class SubscriptionOptions
{
    /// <summary>Allow receivers on loopback (127.0.0.0/8, ::1), for tests and local receivers. Private ranges are always refused.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>
    /// Waits before each retry of a failed delivery, in seconds, comma-separated: exponential, about 2.6 hours in all, so
    /// a receiver down for an hour gets everything. (One text, not a list: a bound list would add to the defaults.)
    /// </summary>
    public string RetryDelays { get; set; } = "1,2,5,15,30,60,120,300,600,900,1800,1800,1800,1800";

    /// <summary>The waits, parsed once (the options are bound once, at start).</summary>
    public double[] RetryDelaysSeconds => field ??= [.. RetryDelays.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(d => double.TryParse(d, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1)];

    /// <summary>A delivery whose retries are spent: the staff page lists it, and only a person sends it again.</summary>
    public bool GaveUp(Delivery d) => d.DeliveredAt is null && d.Attempts >= RetryDelaysSeconds.Length + 1;

    /// <summary>How often each node looks for deliveries that are owed and not in flight (a safety net behind the outbox).</summary>
    public double SweepSeconds { get; set; } = 60;

    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Deliveries sent per subscriber per round; the rest follow in the next round.</summary>
    public int BatchSize { get; set; } = 200;

    public void Validate()
    {
        if (RetryDelaysSeconds.Length == 0 || RetryDelaysSeconds.Any(d => d <= 0 || d > 86400))
            throw new ConfigurationProblem($"Subscriptions:RetryDelays must list waits of 0–86400 seconds, comma-separated, not '{RetryDelays}'.");
        if (SweepSeconds is <= 0 or > 86400) throw new ConfigurationProblem("Subscriptions:SweepSeconds must be 0–86400.");
        if (TimeoutSeconds is <= 0 or > 300) throw new ConfigurationProblem("Subscriptions:TimeoutSeconds must be 0–300.");
        if (BatchSize is < 1 or > 10000) throw new ConfigurationProblem("Subscriptions:BatchSize must be 1–10000.");
    }
}

/// <summary>
/// No outgoing request to an address the configuration does not allow: a receiver's host must resolve to public
/// unicast addresses only (loopback when <see cref="SubscriptionOptions.AllowLoopback"/>). Checked when a
/// subscription is made, and again on every connection (the address actually dialled), so DNS cannot be rebound to
/// an internal host after the check.
/// </summary>
public static class ReceiverAddresses
{
    public static string? CheckUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return "请给出接收地址 (url is required)";
        if (url.Length > 2000) return "地址过长 (at most 2,000 characters)";
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return "接收地址应为 http(s) 绝对地址 (url must be an absolute http or https address)";
        if (uri.UserInfo.Length > 0) return "地址中不得含用户名或密码 (no credentials in the url)";
        return null;
    }

    public static bool Allowed(IPAddress address, bool allowLoopback)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return allowLoopback;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                || b[0] == 100 && b[1] >= 64 && b[1] <= 127
                || b[0] == 169 && b[1] == 254
                || b[0] == 172 && b[1] >= 16 && b[1] <= 31
                || b[0] == 192 && b[1] == 168
                || b[0] == 192 && b[1] == 0 && b[2] == 0
                || b[0] == 198 && (b[1] == 18 || b[1] == 19));
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC); // fc00::/7, unique local
        }
        return false;
    }

    /// <summary>Resolves the host and refuses it when any address is not allowed.</summary>
    public static async Task<string?> CheckHost(string host, bool allowLoopback, CancellationToken token)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, token);
        }
        catch (SocketException)
        {
            return $"无法解析主机名“{host}” (the host does not resolve)";
        }
        if (addresses.Length == 0) return $"无法解析主机名“{host}” (the host does not resolve)";
        return addresses.All(a => Allowed(a, allowLoopback))
            ? null
            : $"不允许向内部或保留地址发送（{host}）(private, loopback or reserved addresses are refused)";
    }

    /// <summary>The connection step of the subscription client: dial only an allowed address.</summary>
    public static SocketsHttpHandler Handler(SubscriptionOptions options) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(Math.Min(options.TimeoutSeconds, 10)),
        ConnectCallback = async (context, token) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, token);
            var allowed = addresses.FirstOrDefault(a => Allowed(a, options.AllowLoopback))
                ?? throw new RefusedAddressException(host);
            var socket = new Socket(allowed.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(allowed, context.DnsEndPoint.Port), token);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}

public sealed class RefusedAddressException(string host) : Exception($"refused address: {host}");
