using System.Security.Cryptography;
using System.Text;
using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.ApiClients;

public sealed record IssuedApiKey(ApiClient Client, string Key);

public sealed class ApiClientService(BrokerageDbContext db, TimeProvider time)
{
    public const string KeyPrefix = "brk_";

    private const string NameOfSystem = "the name of the system";

    /// <param name="providerId">The provider whose system this is, or null for a council system.</param>
    public async Task<IssuedApiKey> IssueAsync(string name, string actor, int? providerId = null, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors()
            .Required("Name", NameOfSystem, name)
            .MaxLength("Name", NameOfSystem, name, FieldRules.NameMaxLength);
        if (providerId is not null && !await db.Providers.AnyAsync(p => p.Id == providerId, cancellationToken))
        {
            errors.Add("ProviderId", "Select a provider from the list, or the council for one of its own systems");
        }

        errors.ThrowIfAny();

        var key = KeyPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        return await AddAsync(name.Trim(), key, actor, providerId, cancellationToken);
    }

    /// <summary>Registers a key chosen elsewhere; used only to give the demo data a documented key.</summary>
    public async Task<IssuedApiKey> AddAsync(string name, string key, string actor, int? providerId = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var client = new ApiClient { Name = name, KeyPrefix = key[..Math.Min(12, key.Length)], KeyHash = Hash(key), CreatedAt = now, CreatedBy = actor, ProviderId = providerId };
        db.ApiClients.Add(client);
        db.Audit(now, actor, "ApiClientIssued", $"API key issued for {name}{(providerId is null ? "" : " (a provider's system: vacancies only)")}");
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedApiKey(client, key);
    }

    /// <summary>Stops the key working at once; revoking a revoked key changes nothing.</summary>
    public async Task<ApiClient> RevokeAsync(int id, string actor, CancellationToken cancellationToken = default)
    {
        var client = await db.ApiClients.FirstOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new NotFoundException("API client not found");
        if (client.RevokedAt is null)
        {
            var now = time.GetUtcNow().UtcDateTime;
            client.RevokedAt = now;
            db.Audit(now, actor, "ApiClientRevoked", $"API key revoked for {client.Name}");
            await db.SaveChangesAsync(cancellationToken);
        }

        return client;
    }

    public Task<ApiClient?> AuthenticateAsync(string key, CancellationToken cancellationToken = default)
    {
        var hash = Hash(key);
        return db.ApiClients.AsNoTracking().FirstOrDefaultAsync(c => c.KeyHash == hash && c.RevokedAt == null, cancellationToken);
    }

    public Task<List<ApiClient>> ListAsync(CancellationToken cancellationToken = default) =>
        db.ApiClients.AsNoTracking().Include(c => c.Provider).OrderBy(c => c.Name).ToListAsync(cancellationToken);

    // Keys are long random strings, so a plain SHA-256 is enough; no salt or slow hash is needed.
    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
