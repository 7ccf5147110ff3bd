using Microsoft.AspNetCore.Identity;

namespace Brokerage.Core.Identity;

public class ApplicationUser : IdentityUser
{
    public required string DisplayName { get; set; }

    /// <summary>Set for provider staff only: the one organisation whose referrals they may see.</summary>
    public int? ProviderId { get; set; }

    /// <summary>When an admin (or the provider's own admin) took the account out of use; null while it is active.</summary>
    public DateTime? DeactivatedAt { get; set; }

    public bool IsActive => DeactivatedAt is null;
}

/// <summary>
/// A link that lets a new person set their password once. Only a hash of the token is kept, as for
/// API keys: the link itself exists only in the email.
/// </summary>
public class UserInvitation
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string TokenHash { get; set; }
    public DateTime SentAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public required string InvitedBy { get; set; }
    public DateTime? AcceptedAt { get; set; }
}

public static class Roles
{
    public const string Broker = nameof(Broker);
    public const string AssistantDirector = nameof(AssistantDirector);
    public const string Commissioner = nameof(Commissioner);
    public const string Provider = nameof(Provider);

    /// <summary>A provider's own administrator: also a <see cref="Provider"/>, who may invite and remove colleagues.</summary>
    public const string ProviderAdmin = nameof(ProviderAdmin);
    public const string Admin = nameof(Admin);

    public static readonly IReadOnlyList<string> All = [Broker, AssistantDirector, Commissioner, Provider, ProviderAdmin, Admin];

    /// <summary>The roles a council member of staff may hold, in any combination.</summary>
    public static readonly IReadOnlyList<string> Council = [Broker, AssistantDirector, Commissioner, Admin];
}
