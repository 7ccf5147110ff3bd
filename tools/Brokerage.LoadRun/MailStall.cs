using System.Diagnostics;
using System.Text.Json;
using Brokerage.Testing;

namespace Brokerage.LoadRun;

/// <summary>What a minute of a hung mail server did to the sweeps and to email, for the report.</summary>
public sealed record MailStallResult(
    int StallSeconds,
    SweepLag DuringStall,
    SweepLag AfterStall,
    int StalledConnections,
    int Delivered,
    string HealthDuringStall,
    string OutboxDuringStall,
    double? DrainedSecondsAfterRecovery);

/// <summary>
/// Runs the fake mail server the app sends to, hangs it for the first part of the measured phase,
/// and reads the app's sweep lag before, at the end of the stall and after the run.
/// </summary>
public sealed class MailStall(LoadRunOptions options, HttpClient client, FakeSmtpServer server, TextWriter log)
{
    private SweepLag? _start;
    private SweepLag? _stallEnd;
    private (string Status, string Outbox) _health = ("", "");
    private long _recoveredAt;

    /// <summary>Hangs the server now, and lets it recover after the stall, reading the lag at both ends.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _start = await SweepLag.ReadAsync(client, cancellationToken);
        server.Stalled = true;
        log.WriteLine($"Mail server hung for {options.MailStallSeconds} s");
        await Task.Delay(TimeSpan.FromSeconds(options.MailStallSeconds), cancellationToken);
        _stallEnd = await SweepLag.ReadAsync(client, cancellationToken);
        _health = await HealthAsync(cancellationToken);
        server.Stalled = false;
        _recoveredAt = Stopwatch.GetTimestamp();
        log.WriteLine("Mail server answering again");
    }

    /// <summary>After the measured phase: waits (up to 15 minutes) for the outbox to empty, then reads the lag again.</summary>
    public async Task<MailStallResult> FinishAsync(CancellationToken cancellationToken)
    {
        double? drained = null;
        var giveUp = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 900;
        while (Stopwatch.GetTimestamp() < giveUp)
        {
            var (_, outbox) = await HealthAsync(cancellationToken);
            if (outbox.StartsWith("0 waiting", StringComparison.Ordinal))
            {
                drained = Stopwatch.GetElapsedTime(_recoveredAt).TotalSeconds;
                break;
            }

            await Task.Delay(2000, cancellationToken);
        }

        var end = await SweepLag.ReadAsync(client, cancellationToken);
        return new MailStallResult(options.MailStallSeconds, _stallEnd!.Since(_start!), end.Since(_stallEnd!), server.StalledConnections, server.Received.Count, _health.Status, _health.Outbox, drained);
    }

    // From this machine /health shows its checks, as it does to an operator.
    private async Task<(string Status, string Outbox)> HealthAsync(CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync("/health", cancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var outbox = json.RootElement.TryGetProperty("checks", out var checks) ? checks.GetProperty("outbox").GetProperty("description").GetString() ?? "" : "";
        return (json.RootElement.GetProperty("status").GetString() ?? "", outbox);
    }
}
