using System.Diagnostics;
using Brokerage.LoadRun;

// A load run against a Brokerage already running on loopback; scripts/load-run.sh starts one on a
// fresh database and runs this. Exit code: 0 goal met, 1 goal missed, 2 could not run.
LoadRunOptions options;
try
{
    options = LoadRunOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(LoadRunOptions.Usage);
    return 2;
}

var log = Console.Error;
// The arrivals are open loop: a thread pool still growing would show as generator lag, not server latency.
ThreadPool.SetMinThreads(200, 200);
using var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
using var pages = new HttpClient(handler, disposeHandler: false) { BaseAddress = options.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
using var api = new HttpClient(handler, disposeHandler: false) { BaseAddress = options.BaseUrl, Timeout = TimeSpan.FromSeconds(120) };
api.DefaultRequestHeaders.Add("X-Api-Key", options.ApiKey);

// The app sends its email here when the run measures a hung mail server (--smtp-port); it answers during set-up.
await using var smtp = options.SmtpPort is { } smtpPort ? new Brokerage.Testing.FakeSmtpServer(TimeSpan.Zero, smtpPort) : null;

Fixture fixture;
try
{
    fixture = await new SetUp(options, api, email => new BrowserSession(pages, options.BaseUrl, email), log).RunAsync(CancellationToken.None);
}
catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TaskCanceledException)
{
    log.WriteLine("Set-up failed: " + ex.Message);
    return 2;
}

log.WriteLine($"Measuring for {options.DurationSeconds} s: {fixture.Brokers.Count} brokers, provider answers at {options.Rate}/s");
var recorder = new LatencyRecorder();
var arrivals = new ProviderArrivals(fixture, recorder, options);
var brokers = fixture.Brokers.Select((session, i) => new BrokerLoop(session, fixture, recorder, options, options.Seed + i + 1)).ToList();
var stall = smtp is not null && options.MailStallSeconds > 0 ? new MailStall(options, pages, smtp, log) : null;
var start = Stopwatch.GetTimestamp();
using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.DurationSeconds)))
{
    var stalling = stall?.RunAsync(CancellationToken.None) ?? Task.CompletedTask;
    var browsing = brokers.Select(b => Task.Run(() => b.RunAsync(stop.Token))).ToList();
    await arrivals.RunAsync(start);
    await Task.WhenAll(browsing);
    await stalling;
}

var elapsed = Stopwatch.GetElapsedTime(start);
log.WriteLine("Verifying that every acknowledged answer was stored exactly once");
VerificationResult verification;
try
{
    verification = await new Verification(api, fixture, arrivals.Outcomes).RunAsync(CancellationToken.None);
}
catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TaskCanceledException)
{
    log.WriteLine("Verification failed: " + ex.Message);
    return 2;
}

MailStallResult? stallResult = null;
if (stall is not null)
{
    log.WriteLine("Waiting for the outbox to empty after the mail server recovered");
    stallResult = await stall.FinishAsync(CancellationToken.None);
}

var report = new Report(options, fixture, recorder, arrivals, brokers, verification, elapsed, stallResult);
var markdown = report.ToMarkdown();
Console.WriteLine();
Console.WriteLine(markdown);
if (options.ReportPath is { } path)
{
    await File.WriteAllTextAsync(path, markdown + Environment.NewLine + report.Verdict() + Environment.NewLine);
}

Console.WriteLine(report.Verdict());
return report.Misses().Count == 0 ? 0 : 1;
