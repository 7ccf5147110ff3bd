namespace Brokerage.Testing;

/// <summary>
/// The configuration every test app runs with, in process or as its own process: a database and a
/// mail pickup folder of its own, the demo data without years of history (which make every start
/// slower; the report tests add exactly the data they check), no background jobs (tests run a job
/// when they choose), and rate limits far above anything a test does (the limits have tests of their own).
/// </summary>
public static class TestAppSettings
{
    public static Dictionary<string, string> For(string connectionString, string mailDirectory) => new()
    {
        ["ConnectionStrings:Brokerage"] = connectionString,
        ["Email:PickupDirectory"] = mailDirectory,
        ["Brokerage:RunJobs"] = "false",
        ["Brokerage:RateLimits:SignInPerMinute"] = "100000",
        ["Brokerage:RateLimits:ProviderFormsPerMinute"] = "100000",
        ["Brokerage:RateLimits:ApiPerMinute"] = "100000",
        ["Brokerage:RateLimits:ApiUnauthenticatedPerMinute"] = "100000",
        ["Brokerage:DemoData"] = "true",
        ["Brokerage:DemoHistoryYears"] = "0",
    };
}
