using System.Net;

namespace Brokerage.Core.Identity;

/// <summary>Who a caller is, by address, for rate limits and sign-in pauses.</summary>
public static class ClientAddress
{
    /// <summary>
    /// The address as text, or for IPv6 its /64 network: one household or server is usually given
    /// a whole /64, so counting each address in it apart would give a caller billions of allowances.
    /// </summary>
    public static string Key(string? address)
    {
        if (address is null || !IPAddress.TryParse(address, out var parsed))
        {
            return address ?? "unknown";
        }

        if (parsed.IsIPv4MappedToIPv6)
        {
            return parsed.MapToIPv4().ToString();
        }

        if (parsed.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return parsed.ToString();
        }

        var bytes = parsed.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
