using System.Net;
using System.Net.Sockets;
using Brokerage.Core.Rules;
using Brokerage.Web.Tests.Resilience;

namespace Brokerage.Web.Tests.Infrastructure;

/// <summary>
/// The built app as its own process, started the way someone would start it with a mistake in
/// it: it stops within seconds, with exit code 1 and one line that names what to fix, and no
/// stack trace. Each test starts a process, so there are only these few.
/// </summary>
public sealed class StartupFailureTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly TempFolder _directory = new("startup-failure");

    [Fact]
    public async Task AnEmptyCouncilName_StopsStartUpNamingTheSetting()
    {
        var output = await FailToStartAsync(new() { ["Council:Name"] = "" });

        Assert.Equal("Brokerage could not start: Council:Name is required (appsettings.json or the environment variable Council__Name)", output);
    }

    [Fact]
    public async Task AnEmailBaseUrlThatIsNotAnAddress_StopsStartUpNamingTheSetting()
    {
        var output = await FailToStartAsync(new() { ["Email:BaseUrl"] = "brokerage.council.example" });

        Assert.StartsWith("Brokerage could not start: Email:BaseUrl must be the address people open Brokerage at", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABrokenRuleFile_StopsStartUpNamingTheFileRuleAndReason()
    {
        using var rules = RulesDirectory.Copy();
        rules.Edit(RuleSet.SlaFile, "\"firstChaseAfterHours\": 4", "\"firstChaseAfterHours\": 7");

        var output = await FailToStartAsync(new() { ["Brokerage:RulesDirectory"] = rules });

        Assert.Equal("Brokerage could not start: Rule file sla.json, rule Emergency: the windows must run first chase < second chase < respond within <= escalate, all more than 0", output);
    }

    [Fact]
    public async Task APortAnotherListenerHolds_StopsStartUpNamingTheAddress()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var port = ((IPEndPoint)other.LocalEndpoint).Port;

        // No demo data: the port is bound after the database is prepared, and seeding would only slow this down.
        var output = await FailToStartAsync(new() { ["Brokerage:DemoData"] = "false" }, port);

        Assert.Equal($"Brokerage could not start: Failed to bind to address http://127.0.0.1:{port}: address already in use.", output);
    }

    /// <summary>The one line that says why, after checking the exit code and that no stack trace was printed.</summary>
    private async Task<string> FailToStartAsync(Dictionary<string, string> settings, int? port = null)
    {
        var (exitCode, output) = await AppProcess.RunUntilExitAsync(_directory.Path, settings, port ?? AppProcess.FreePort(), Timeout);

        Assert.True(exitCode == 1, $"exit code {exitCode}:\n{output}");
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        var lines = output.Split('\n').Where(l => l.StartsWith("Brokerage could not start", StringComparison.Ordinal)).ToList();
        return Assert.Single(lines);
    }

    public void Dispose()
    {
        TestDatabase.Drop(_directory.Path);
        _directory.Dispose();
    }
}
