using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Brokerage.LoadRun;

/// <summary>A placement request the run created, which the brokers browse and match.</summary>
public sealed record LoadRequest(int Id, string Reference);

/// <summary>One referral the provider generator will answer, and the answer it will give.</summary>
public sealed record PlannedAnswer(int ReferralId, string ProviderName, bool Offer, decimal WeeklyCost, string DeclineReason)
{
    public string Path => "/provider/referrals/" + ReferralId.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What the measured phase needs, made before the clock starts.</summary>
public sealed class Fixture
{
    public required IReadOnlyList<LoadRequest> Requests { get; init; }

    /// <summary>In the order the generator answers them, shuffled so that providers interleave.</summary>
    public required IReadOnlyList<PlannedAnswer> Answers { get; init; }

    /// <summary>One signed-in session per provider organisation, by provider name.</summary>
    public required IReadOnlyDictionary<string, BrowserSession> Providers { get; init; }
    public required IReadOnlyList<BrowserSession> Brokers { get; init; }
    public required BrowserSession Admin { get; init; }
}

/// <summary>
/// The unmeasured set-up: requests, matching and referrals through the council's API until there
/// is a referral for every answer the generator will send, then every session signed in through
/// the real sign-in form.
/// </summary>
public sealed partial class SetUp(LoadRunOptions options, HttpClient api, Func<string, BrowserSession> newSession, TextWriter log)
{
    private const int RequestsPerBatch = 8;
    private const int Parallelism = 4;

    // A spread of children, so that referrals reach fostering agencies, homes and supported accommodation alike.
    private static readonly (string PlacementType, int Age)[] Children =
    [
        ("Fostering", 4), ("Fostering", 9), ("ChildrensHome", 13), ("Fostering", 12),
        ("ChildrensHome", 15), ("SupportedAccommodation", 16), ("Fostering", 7), ("SupportedAccommodation", 17),
    ];

    private static readonly string[] DeclineReasons = ["NoVacancy", "CannotMeetNeeds", "ImpactOnOtherChildren", "LocationNotSuitable", "CostNotAgreed"];

    [GeneratedRegex("""<td class="govuk-table__cell">([^<]+)</td>\s*<td class="govuk-table__cell"><a class="govuk-link" href="/admin/outbox/(\d+)">([^<]+)</a>""")]
    private static partial Regex OutboxRow();

    [GeneratedRegex(@"referral [A-Z]+-\d+-(\d+):")]
    private static partial Regex ReferralSubject();

    public async Task<Fixture> RunAsync(CancellationToken cancellationToken)
    {
        await WaitUntilHealthyAsync(cancellationToken);
        var localities = await api.GetFromJsonAsync<List<string>>("/api/v1/localities", cancellationToken) ?? [];
        if (localities.Count == 0)
        {
            throw new InvalidOperationException("The API listed no localities");
        }

        // The first batch is answered before the clock starts, so that the timed requests meet a
        // warmed-up server (as in production) rather than one still compiling its code.
        var (_, warmUp) = await ReferBatchAsync(0, localities, cancellationToken);

        // A little more than the generator will use, so that a run never runs dry at the end.
        var needed = options.ScheduledAnswers + Math.Max(50, options.ScheduledAnswers / 20);
        var requests = new List<LoadRequest>();
        var referrals = new List<ReferralJson>();
        while (referrals.Count < needed)
        {
            var (batch, sent) = await ReferBatchAsync(RequestsPerBatch + requests.Count, localities, cancellationToken);
            requests.AddRange(batch);
            referrals.AddRange(sent);
            log.WriteLine($"Set-up: {requests.Count} requests, {referrals.Count:N0} of {needed:N0} referrals sent");
        }

        var admin = newSession(options.AdminEmail);
        await admin.SignInAsync(options.Password, cancellationToken);
        var emails = await ProviderEmailsAsync(admin, [.. warmUp, .. referrals], cancellationToken);
        var random = new Random(options.Seed);
        // In id order first, so that the same seed plans the same answers whatever order the batches finished in.
        var answers = referrals
            .Where(r => emails.ContainsKey(r.ProviderName))
            .OrderBy(r => r.Id)
            .Select(r => Plan(r, random))
            .ToArray();
        random.Shuffle(answers);
        if (answers.Length < options.ScheduledAnswers)
        {
            throw new InvalidOperationException($"Only {answers.Length} referrals can be answered (providers without a known login were left out); {options.ScheduledAnswers} are needed");
        }

        var providers = emails.ToDictionary(e => e.Key, e => newSession(e.Value));
        var brokers = Enumerable.Range(0, options.Brokers).Select(i => newSession(options.BrokerEmails[i % options.BrokerEmails.Count])).ToList();
        log.WriteLine($"Set-up: signing in {providers.Count} provider and {brokers.Count} broker sessions");
        await Parallel.ForEachAsync(providers.Values.Concat(brokers), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken },
            async (session, ct) => await session.SignInAsync(options.Password, ct));

        var fixture = new Fixture { Requests = requests, Answers = answers, Providers = providers, Brokers = brokers, Admin = admin };
        var warmUpAnswers = warmUp.Where(r => emails.ContainsKey(r.ProviderName)).Select(r => Plan(r, random)).ToList();
        log.WriteLine($"Set-up: warming up with {warmUpAnswers.Count} untimed answers and broker visits");
        await WarmUpAsync(fixture, warmUpAnswers, cancellationToken);
        return fixture;
    }

    /// <summary>A batch of requests, each matched and referred to every setting the rules did not exclude.</summary>
    private async Task<(List<LoadRequest> Requests, List<ReferralJson> Referrals)> ReferBatchAsync(int first, IReadOnlyList<string> localities, CancellationToken cancellationToken)
    {
        // Created one at a time: concurrent creates can be given the same reference (see docs/performance.md).
        var batch = new List<LoadRequest>();
        for (var i = 0; i < RequestsPerBatch; i++)
        {
            batch.Add(await CreateRequestAsync(first + i, localities, cancellationToken));
        }

        var referrals = new List<ReferralJson>();
        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (request, ct) =>
        {
            var sent = await MatchAndReferAsync(request, ct);
            lock (referrals)
            {
                referrals.AddRange(sent);
            }
        });
        return (batch, referrals);
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                using var response = await api.GetAsync("/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < until)
            {
            }

            if (DateTime.UtcNow >= until)
            {
                throw new InvalidOperationException("Brokerage did not report healthy at /health within 2 minutes");
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    private async Task<LoadRequest> CreateRequestAsync(int n, IReadOnlyList<string> localities, CancellationToken cancellationToken)
    {
        var (placementType, age) = Children[n % Children.Length];
        var now = DateTimeOffset.UtcNow;
        var body = new
        {
            childReference = "LOAD-" + n.ToString("D5", CultureInfo.InvariantCulture),
            dateOfBirth = DateOnly.FromDateTime(now.UtcDateTime).AddYears(-age).AddDays(-100),
            gender = n % 2 == 0 ? "Female" : "Male",
            ethnicity = "Not yet obtained",
            legalStatus = "Section20",
            homeLocality = localities[n % localities.Count],
            placementType,
            noticeReceivedAt = now.AddHours(-1),
            requiredFrom = now.AddDays(10),
            weeklyBudget = 9000m,
            maxDistanceMiles = 100,
            summary = "Made by the load run (tools/Brokerage.LoadRun).",
            brokerEmail = options.BrokerEmails[0],
        };
        using var response = await api.PostAsJsonAsync("/api/v1/placement-requests", body, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.Created, "create a placement request", cancellationToken);
        var request = await response.Content.ReadFromJsonAsync<PlacementRequestJson>(cancellationToken) ?? throw new InvalidOperationException("Empty request");
        return new LoadRequest(request.Id, request.Reference);
    }

    /// <summary>Runs matching and refers the request to every setting the rules did not exclude.</summary>
    private async Task<IReadOnlyList<ReferralJson>> MatchAndReferAsync(LoadRequest request, CancellationToken cancellationToken)
    {
        var id = request.Id.ToString(CultureInfo.InvariantCulture);
        using var matched = await api.PostAsync($"/api/v1/placement-requests/{id}/matching-runs", null, cancellationToken);
        await EnsureAsync(matched, HttpStatusCode.Created, "run matching", cancellationToken);
        var run = await matched.Content.ReadFromJsonAsync<MatchingRunJson>(cancellationToken) ?? throw new InvalidOperationException("Empty matching run");
        var sent = new List<ReferralJson>();
        // The API takes at most 50 settings a call.
        foreach (var chunk in run.Candidates.Where(c => c.Outcome != "Excluded").Select(c => c.SettingId).Chunk(50))
        {
            using var response = await api.PostAsJsonAsync($"/api/v1/placement-requests/{id}/referrals", new { matchingRunId = run.Id, settingIds = chunk }, cancellationToken);
            await EnsureAsync(response, HttpStatusCode.Created, "send referrals", cancellationToken);
            sent.AddRange(await response.Content.ReadFromJsonAsync<List<ReferralJson>>(cancellationToken) ?? []);
        }

        return sent;
    }

    /// <summary>
    /// Providers sign in with the address their referrals go to, which only the outbox shows
    /// (the API gives the provider's name). One referral email per provider is enough.
    /// </summary>
    private async Task<Dictionary<string, string>> ProviderEmailsAsync(BrowserSession admin, IReadOnlyList<ReferralJson> referrals, CancellationToken cancellationToken)
    {
        var providerOf = referrals.ToDictionary(r => r.Id, r => r.ProviderName);
        var wanted = referrals.Select(r => r.ProviderName).ToHashSet();
        var emails = new Dictionary<string, string>();
        var seen = new HashSet<string>();
        for (var page = 1; emails.Count < wanted.Count; page++)
        {
            var html = await admin.GetAsync("/admin/outbox?page=" + page.ToString(CultureInfo.InvariantCulture), cancellationToken);
            var rows = OutboxRow().Matches(html.Body);
            // Past the last page the outbox shows the last page again.
            if (html.Status != HttpStatusCode.OK || rows.Count(r => seen.Add(r.Groups[2].Value)) == 0)
            {
                break;
            }

            foreach (Match row in rows)
            {
                var subject = WebUtility.HtmlDecode(row.Groups[3].Value);
                if (ReferralSubject().Match(subject) is { Success: true } m
                    && providerOf.TryGetValue(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), out var provider))
                {
                    emails.TryAdd(provider, WebUtility.HtmlDecode(row.Groups[1].Value).Trim());
                }
            }
        }

        var missing = wanted.Except(emails.Keys).ToList();
        if (missing.Count > 0)
        {
            log.WriteLine($"Set-up: no outbox email found for {string.Join(", ", missing)}; their referrals are left unanswered");
        }

        return emails;
    }

    private PlannedAnswer Plan(ReferralJson referral, Random random)
    {
        var offer = random.NextDouble() < options.OfferShare;
        // A cost of its own per referral, so that verification can tell one answer from another.
        var cost = 900m + (referral.Id % 997) + 0.5m;
        return new PlannedAnswer(referral.Id, referral.ProviderName, offer, cost, DeclineReasons[random.Next(DeclineReasons.Length)]);
    }

    /// <summary>Untimed: a few broker visits and the warm-up referrals answered, four at a time.</summary>
    private async Task WarmUpAsync(Fixture fixture, IReadOnlyList<PlannedAnswer> answers, CancellationToken cancellationToken)
    {
        var untimed = new LatencyRecorder();
        if (fixture.Brokers.Count > 0)
        {
            var broker = new BrokerLoop(fixture.Brokers[0], fixture, untimed, options with { ThinkMilliseconds = 0 }, options.Seed);
            for (var i = 0; i < 4; i++)
            {
                await broker.VisitAsync(cancellationToken);
            }
        }

        var availableFrom = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(14));
        await Parallel.ForEachAsync(answers, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (answer, ct) =>
        {
            var session = fixture.Providers[answer.ProviderName];
            var form = await session.GetAsync(answer.Path, ct);
            if (form.FormToken is { } token)
            {
                await session.PostFormAsync(answer.Path, ProviderArrivals.Fields(answer, token, availableFrom), ct);
            }
        });
        if (untimed.Overall().Errors > 0)
        {
            throw new InvalidOperationException("A broker visit failed while warming up: " + string.Join("; ", Kinds.All.SelectMany(untimed.ErrorExamples)));
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string what, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"Could not {what}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 500)]}");
        }
    }
}
