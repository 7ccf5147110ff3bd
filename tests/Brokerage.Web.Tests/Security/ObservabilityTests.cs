using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using Brokerage.Core.Common;
using Brokerage.Core.Jobs;
using Brokerage.Web.Infrastructure;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Brokerage.Web.Tests.Security;

/// <summary>Logs that hold no personal data, and metrics that only the scraper and admins can read.</summary>
[Collection(SharedApp.Name)]
public sealed class ObservabilityTests(BrokerageWebFactory app)
{
    // A made-up child: the reference stands in for a name (Brokerage holds none), and the broker's free-text summary uses one anyway.
    private const string ChildReference = "ZEBEDEE-QUILLFEATHER";
    private const string ChildName = "Zebedee Quillfeather";
    private const string Postcode = "AM7 9QX";

    [Fact]
    public async Task AWholeJourney_IsLoggedRequestByRequest_WithoutTheChildsDetailsOrAnyonesEmail()
    {
        var logs = new CapturedLogs();
        using var factory = new BrokerageWebFactory
        {
            LogSink = logs,
            // SQL at Information too: parameter values must stay out because sensitive data logging is off.
            Settings = new Dictionary<string, string> { ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore.Database.Command"] = "Information" },
        };
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);

        var form = RequestForm.Valid(factory.Time.GetUtcNow(), ChildReference, requiredInDays: 5);
        form["HomePostcode"] = Postcode;
        form["Summary"] = $"{ChildName} settles best in a quiet household";
        var created = await broker.SubmitAsync("/requests/new", form, repeated: [new("Needs", "Trauma")]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var requestUrl = created.Headers.Location!.OriginalString;
        var requestId = int.Parse(requestUrl.Split('/').Last(), CultureInfo.InvariantCulture);
        var matched = await broker.SubmitAsync(requestUrl, [], postUrl: requestUrl + "?handler=RunMatching");
        var resultsUrl = matched.Headers.Location!.OriginalString;
        var (_, results) = await broker.GetAsync(resultsUrl);
        var chosen = results.QuerySelectorAll("[data-testid=candidate]").Take(2).Select(c => c.GetAttribute("data-setting-id")!).ToList();
        var sent = await broker.SubmitAsync(resultsUrl, [], repeated: chosen.Select(id => new KeyValuePair<string, string>("SettingIds", id)));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var referrals = await factory.WithDbAsync(db => db.Referrals.AsNoTracking().Include(r => r.Setting).ThenInclude(s => s.Provider)
            .Where(r => r.PlacementRequestId == requestId).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(2, referrals.Count);

        // A day on, the first chases are overdue; then one provider offers and the other declines.
        factory.Time.Advance(TimeSpan.FromDays(1));
        var swept = await factory.RunAsync<ReferralDeadlinesJob, SweepResult>(j => j.ExecuteAsync(CancellationToken.None));
        Assert.Equal(2, swept.FirstChases);
        var offering = await Browser.SignedInAsync(factory, referrals[0].Setting.Provider.ReferralEmail);
        Assert.Equal(HttpStatusCode.Redirect, (await offering.SubmitAsync($"/provider/referrals/{referrals[0].Id}", OfferForm(factory.Time.GetUtcNow()))).StatusCode);
        var declining = await Browser.SignedInAsync(factory, referrals[1].Setting.Provider.ReferralEmail);
        Assert.Equal(HttpStatusCode.Redirect, (await declining.SubmitAsync($"/provider/referrals/{referrals[1].Id}", new()
        {
            ["Answer"] = "decline",
            ["DeclineReason"] = "Other",
            ["Details"] = $"We could not keep {ChildName} safe alongside our current young people",
        })).StatusCode);
        await factory.DeliverOutboxAsync();
        // A scheme offer's link carries a secret token; a wrong one is answered by the error page.
        Assert.Equal(HttpStatusCode.NotFound, (await Browser.For(factory).Client.GetAsync("/scheme/offers/secret-token-4f1c9e")).StatusCode);

        var request = await factory.WithDbAsync(db => db.PlacementRequests.AsNoTracking().SingleAsync(r => r.Id == requestId));
        var emails = await factory.WithDbAsync(async db => (await db.Users.Select(u => u.Email!).ToListAsync())
            .Concat(await db.Providers.Select(p => p.ReferralEmail).ToListAsync())
            .Concat(await db.Providers.Select(p => p.EscalationEmail).ToListAsync())
            .ToList());
        var brokerId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == TestUsers.Broker).Select(u => u.Id).SingleAsync());
        string[] formats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy", "M/d/yyyy", "d MMMM yyyy", "d MMM yyyy"];
        var secrets = emails
            .Concat(["Quillfeather", "secret-token-4f1c9e", Postcode, Postcode.Replace(" ", "", StringComparison.Ordinal)])
            .Concat(formats.Select(f => request.DateOfBirth.ToString(f, CultureInfo.InvariantCulture)))
            .Distinct()
            .ToList();

        var events = logs.Events;
        var requestEvents = events.Where(e => e.Properties.ContainsKey("RequestMethod")).ToList();
        Assert.Contains(requestEvents, e => Text(e, "RequestMethod") == "POST" && Text(e, "RequestPath") == "/requests/new" && Text(e, "UserId") == brokerId);
        Assert.Contains(requestEvents, e => Text(e, "RequestMethod") == "POST" && Text(e, "RequestPath") == "/requests/{id:int}" && Text(e, "StatusCode") == "302");
        Assert.Contains(requestEvents, e => Text(e, "RequestPath") == "/provider/referrals/{id:int}");
        Assert.Contains(requestEvents, e => Text(e, "RequestPath") == "/scheme/offers/{token}" && Text(e, "StatusCode") == "404");
        Assert.All(requestEvents, e => Assert.DoesNotContain("?", Text(e, "RequestPath"), StringComparison.Ordinal));
        Assert.Contains(events, e => Text(e, "SourceContext") == "Microsoft.EntityFrameworkCore.Database.Command");
        Assert.Contains(events, e => e.MessageTemplate.Text.StartsWith("Deadline sweep", StringComparison.Ordinal));
        foreach (var logEvent in events)
        {
            var written = Written(logEvent);
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, written, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void TheMask_HidesPersonalPropertiesAndEmailAddresses_EvenInsideLoggedObjects()
    {
        var logs = new CapturedLogs();
        using var logger = new LoggerConfiguration().Enrich.With(new PersonalDataMask()).WriteTo.Sink(logs).CreateLogger();

        logger.Information("Referral for {@Request} sent by {Actor} to {ReferralEmail}", new
        {
            ChildReference,
            HomePostcode = Postcode,
            DateOfBirth = new DateOnly(2016, 3, 14),
            Urgency = "Crisis",
            Contacts = new Dictionary<string, string> { ["EscalationEmail"] = "x@y.example", ["Team"] = "North" },
        }, "sam.broker@ambershire.example", "referrals@provider.example");

        var written = Written(Assert.Single(logs.Events));
        Assert.DoesNotContain(ChildReference, written, StringComparison.Ordinal);
        Assert.DoesNotContain(Postcode, written, StringComparison.Ordinal);
        Assert.DoesNotContain("2016", written, StringComparison.Ordinal);
        Assert.DoesNotContain("@", written, StringComparison.Ordinal);
        Assert.Contains("Crisis", written, StringComparison.Ordinal);
        Assert.Contains("North", written, StringComparison.Ordinal);
    }

    [Fact]
    public void SensitiveDataLogging_IsOff_SoSqlParameterValuesAreNeverLogged()
    {
        var factory = app;
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Brokerage.Core.Data.BrokerageDbContext>();

        var options = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!;

        Assert.False(options.IsSensitiveDataLoggingEnabled);
    }

    [Fact]
    public async Task Metrics_AfterMatching_ShowTheMatchingTimeAndRequestDurations_ToALocalScraper()
    {
        var factory = app;
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);
        var created = await broker.SubmitAsync("/requests/new", RequestForm.Valid(factory.Time.GetUtcNow(), "CH-METRICS", requiredInDays: 5), repeated: [new("Needs", "Trauma")]);
        var requestUrl = created.Headers.Location!.OriginalString;
        var matched = await broker.SubmitAsync(requestUrl, [], postUrl: requestUrl + "?handler=RunMatching");
        Assert.Equal(HttpStatusCode.Redirect, matched.StatusCode);

        var (status, metrics) = await ScrapeAsync(factory, IPAddress.Loopback);

        Assert.Equal(StatusCodes.Status200OK, status);
        var matching = Lines(metrics, "brokerage_matching_duration_milliseconds_count");
        Assert.Contains(matching, l => l.Contains("brokerage_urgency=\"ShortNotice\"", StringComparison.Ordinal));
        Assert.True(matching.Sum(Value) >= 1, metrics);
        var requests = Lines(metrics, "http_server_request_duration_seconds_count");
        Assert.Contains(requests, l => l.Contains("http_request_method=\"POST\"", StringComparison.Ordinal) && l.Contains("http_route=\"requests/{id:int}\"", StringComparison.Ordinal));
        Assert.True(requests.Sum(Value) >= 4, metrics);
        // Routes are templates, never a request's own address.
        Assert.DoesNotContain(requestUrl.TrimStart('/') + "\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AreRefused_ToOtherAddressesForwardedRequestsUnknownCallersAndNonAdmins()
    {
        var factory = app;

        Assert.Equal(StatusCodes.Status403Forbidden, (await ScrapeAsync(factory, IPAddress.Parse("203.0.113.7"))).Status);
        Assert.Equal(StatusCodes.Status403Forbidden, (await ScrapeAsync(factory, IPAddress.Loopback, forwardedFor: "203.0.113.7")).Status);
        // The test server gives its client no remote address; unknown is not taken for local.
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.CreateClient().GetAsync("/metrics")).StatusCode);
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);
        Assert.Equal(HttpStatusCode.Forbidden, (await broker.Client.GetAsync("/metrics")).StatusCode);

        var admin = await Browser.SignedInAsync(factory, TestUsers.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Metrics_AreOpenToTheConfiguredNetworks_InsteadOfThisMachine()
    {
        using var factory = new BrokerageWebFactory
        {
            Settings = new Dictionary<string, string> { ["Brokerage:Observability:MetricsAllowedNetworks:0"] = "10.20.0.0/16" },
        };

        Assert.Equal(StatusCodes.Status200OK, (await ScrapeAsync(factory, IPAddress.Parse("10.20.3.4"))).Status);
        Assert.Equal(StatusCodes.Status403Forbidden, (await ScrapeAsync(factory, IPAddress.Parse("10.21.0.1"))).Status);
        Assert.Equal(StatusCodes.Status403Forbidden, (await ScrapeAsync(factory, IPAddress.Loopback)).Status);
    }

    [Fact]
    public async Task JobLag_IsRecorded_WhenTheDeadlineSweepSendsOverdueChases_AndTheOutboxDeliversThem()
    {
        using var factory = new BrokerageWebFactory();
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-LAG", 2, requiredInDays: 5);
        var firstChaseAt = new DateTimeOffset(DateTime.SpecifyKind(scenario.Referrals[0].FirstChaseAt, DateTimeKind.Utc));
        Assert.All(scenario.Referrals, r => Assert.Equal(firstChaseAt.UtcDateTime, r.FirstChaseAt));
        using var measurements = new Measurements(factory);

        // The sweep runs three minutes after the chases fell due.
        factory.Time.SetUtcNow(firstChaseAt.AddMinutes(3));
        var swept = await factory.RunAsync<ReferralDeadlinesJob, SweepResult>(j => j.ExecuteAsync(CancellationToken.None));
        factory.Time.Advance(TimeSpan.FromSeconds(45));
        var delivered = await factory.DeliverOutboxAsync();

        Assert.Equal(2, swept.FirstChases);
        var sweepLags = measurements.Of("brokerage.job.lag").Where(m => m.Tags["brokerage.job"] == BrokerageMetrics.Jobs.ReferralDeadlines).ToList();
        Assert.Equal(2, sweepLags.Count);
        Assert.All(sweepLags, m => Assert.Equal(180, m.Value, precision: 3));
        Assert.All(sweepLags, m => Assert.Equal("FirstChaseSent", m.Tags["brokerage.action"]));
        // Referral emails queued at the start waited until now; the two chases waited 45 seconds.
        Assert.Equal(delivered, measurements.Of("brokerage.job.lag").Count(m => m.Tags["brokerage.job"] == BrokerageMetrics.Jobs.OutboxDelivery));
        var ages = measurements.Of("brokerage.outbox.message.age").Select(m => m.Value).ToList();
        Assert.Equal(delivered, ages.Count);
        Assert.Equal(2, ages.Count(a => Math.Abs(a - 45) < 0.001));
        Assert.Contains(ages, a => Math.Abs(a - (firstChaseAt.AddMinutes(3).AddSeconds(45) - BrokerageWebFactory.Start).TotalSeconds) < 0.001);

        var (_, metrics) = await ScrapeAsync(factory, IPAddress.Loopback);
        var scraped = Lines(metrics, "brokerage_job_lag_seconds_count").Where(l => l.Contains("brokerage_job=\"referral-deadlines\"", StringComparison.Ordinal));
        // The exporter reads every meter named "Brokerage" in the process, and other tests' apps sweep
        // alongside this one, so the scrape holds at least these two; the exact count is checked above.
        Assert.True(scraped.Sum(Value) >= 2, "the sweep's lag measurements reach /metrics");
    }

    private static async Task<(int Status, string Body)> ScrapeAsync(BrokerageWebFactory factory, IPAddress from, string? forwardedFor = null)
    {
        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = Observability.MetricsPath;
            c.Connection.RemoteIpAddress = from;
            if (forwardedFor is not null)
            {
                c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            }
        });
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, await reader.ReadToEndAsync());
    }

    private static List<string> Lines(string metrics, string name) =>
        metrics.Split('\n').Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal)).ToList();

    /// <summary>The sample value: the last field on a Prometheus text line (no timestamps are written).</summary>
    private static double Value(string line) => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);

    private static string? Text(LogEvent logEvent, string property) =>
        logEvent.Properties.TryGetValue(property, out var value) ? (value is ScalarValue { Value: var scalar } ? Convert.ToString(scalar, CultureInfo.InvariantCulture) : value.ToString()) : null;

    /// <summary>Everything a sink could write for the event: the message, every property and any exception.</summary>
    private static string Written(LogEvent logEvent) =>
        string.Join("\n", [logEvent.RenderMessage(CultureInfo.InvariantCulture), .. logEvent.Properties.Select(p => p.Key + "=" + p.Value), logEvent.Exception?.ToString() ?? ""]);

    private sealed class CapturedLogs : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public IReadOnlyList<LogEvent> Events => [.. _events];

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
    }

    private sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags);

    /// <summary>Measurements from this app's "Brokerage" meter only: other tests' apps run alongside in the same process.</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<Measurement> _taken = new();

        public Measurements(BrokerageWebFactory factory)
        {
            var meters = factory.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == BrokerageMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Take(instrument, value, tags));
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Take(instrument, value, tags));
            _listener.Start();
        }

        public IEnumerable<Measurement> Of(string instrument) => _taken.Where(m => m.Instrument == instrument);

        public void Dispose() => _listener.Dispose();

        private void Take(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copied = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                copied[tag.Key] = tag.Value?.ToString();
            }

            _taken.Enqueue(new Measurement(instrument.Name, value, copied));
        }
    }

    private static Dictionary<string, string> OfferForm(DateTimeOffset now)
    {
        var from = now.AddDays(10);
        return new()
        {
            ["Answer"] = "offer",
            ["AvailableFrom.Day"] = from.Day.ToString(CultureInfo.InvariantCulture),
            ["AvailableFrom.Month"] = from.Month.ToString(CultureInfo.InvariantCulture),
            ["AvailableFrom.Year"] = from.Year.ToString(CultureInfo.InvariantCulture),
            ["WeeklyCost"] = "950",
            ["Conditions"] = $"{ChildName} would need a school place nearby",
        };
    }
}
