namespace Brokerage.Testing;

/// <summary>
/// The logins the demo data seeds (Brokerage.Web's Startup.DemoStaff and one per provider, at its
/// referral address), which the tests sign in as. Every one has the same password.
/// </summary>
public static class TestUsers
{
    public const string Password = "Brokerage-demo-2026";

    public const string Broker = "broker@ambershire.example";
    public const string SecondBroker = "broker2@ambershire.example";
    public const string AssistantDirector = "ad@ambershire.example";
    public const string Commissioner = "commissioner@ambershire.example";
    public const string Admin = "admin@ambershire.example";

    /// <summary>Brightwater Fostering, an independent fostering agency in the demo data, signs in at its referral address.</summary>
    public const string BrightwaterFostering = "referrals@brightwater.example";
    public const string BrightwaterFosteringName = "Brightwater Fostering";

    public static IReadOnlyList<string> Staff { get; } = [Broker, SecondBroker, AssistantDirector, Commissioner, Admin];
}
