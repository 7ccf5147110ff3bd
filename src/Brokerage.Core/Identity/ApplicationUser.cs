using Microsoft.AspNetCore.Identity;

namespace Brokerage.Core.Identity;

public class ApplicationUser : IdentityUser
{
    public required string DisplayName { get; set; }

    /// <summary>Set for provider staff only: the one organisation whose referrals they may see.</summary>
    public int? ProviderId { get; set; }
}

public static class Roles
{
    public const string Broker = nameof(Broker);
    public const string AssistantDirector = nameof(AssistantDirector);
    public const string Commissioner = nameof(Commissioner);
    public const string Provider = nameof(Provider);
    public const string Admin = nameof(Admin);

    public static readonly IReadOnlyList<string> All = [Broker, AssistantDirector, Commissioner, Provider, Admin];
}
