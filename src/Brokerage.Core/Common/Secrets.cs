using System.Security.Cryptography;
using System.Text;

namespace Brokerage.Core.Common;

/// <summary>The secrets Brokerage puts in links (rota offers, invitations): unguessable, and kept in the database only as a hash.</summary>
public static class Secrets
{
    /// <summary>256 random bits, safe in a URL.</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
