using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Brokerage.LoadRun;

public sealed record VerificationResult
{
    public int Acknowledged { get; init; }

    /// <summary>Acknowledged, and the API shows exactly the answer that was sent.</summary>
    public int StoredAsSent { get; init; }

    /// <summary>Acknowledged, but the API shows no answer or a different one.</summary>
    public int Lost { get; init; }

    /// <summary>The POST failed, yet an answer was stored.</summary>
    public int StoredForFailedPost { get; init; }

    /// <summary>Never posted (or the form failed), yet an answer was stored.</summary>
    public int StoredWithoutPost { get; init; }

    /// <summary>More audit events (OfferMade, ReferralDeclined) than answers stored for a request: an answer written twice.</summary>
    public int DuplicatedAuditEvents { get; init; }

    /// <summary>Fewer audit events than answers stored: an answer without its audit trail.</summary>
    public int MissingAuditEvents { get; init; }

    public IReadOnlyList<string> Examples { get; init; } = [];

    public bool Clean => Problems().Count == 0;

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Add(int count, string what)
        {
            if (count > 0)
            {
                problems.Add(count.ToString("N0", CultureInfo.InvariantCulture) + " " + what);
            }
        }

        Add(Lost, "acknowledged answers lost or stored differently");
        Add(StoredForFailedPost, "answers stored although their POST failed (a client timeout leaves the outcome unknown)");
        Add(StoredWithoutPost, "answers stored that were never posted");
        Add(DuplicatedAuditEvents, "answers audited twice");
        Add(MissingAuditEvents, "answers stored without their audit event");
        return problems;
    }
}

/// <summary>
/// After the run, over HTTP only: every planned referral is read back through the API and
/// compared with what happened to its POST, and the audit trail (exported as an admin) must hold
/// one answer event per stored answer, request by request.
/// </summary>
public sealed class Verification(HttpClient api, Fixture fixture, IReadOnlyList<AnswerOutcome> outcomes)
{
    private const int ExamplesKept = 10;

    public async Task<VerificationResult> RunAsync(CancellationToken cancellationToken)
    {
        var stored = new ReferralJson?[fixture.Answers.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, stored.Length), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
            stored[i] = await api.GetFromJsonAsync<ReferralJson>("/api/v1/referrals/" + fixture.Answers[i].ReferralId.ToString(CultureInfo.InvariantCulture), ct));

        var examples = new List<string>();
        void Example(string text)
        {
            if (examples.Count < ExamplesKept)
            {
                examples.Add(text);
            }
        }

        int acknowledged = 0, asSent = 0, lost = 0, failedButStored = 0, storedWithoutPost = 0;
        for (var i = 0; i < stored.Length; i++)
        {
            var planned = fixture.Answers[i];
            var referral = stored[i] ?? throw new InvalidOperationException($"Referral {planned.ReferralId} could not be read back");
            var answered = referral.RespondedAt is not null || referral.Offer is not null || referral.DeclineReason is not null;
            switch (outcomes[i])
            {
                case AnswerOutcome.Acknowledged:
                    acknowledged++;
                    if (IsAsSent(planned, referral))
                    {
                        asSent++;
                    }
                    else
                    {
                        lost++;
                        Example($"Referral {planned.ReferralId}: acknowledged as {(planned.Offer ? "an offer" : "a decline")}, stored as {referral.Status}");
                    }

                    break;
                case AnswerOutcome.AnswerFailed when answered:
                    failedButStored++;
                    Example($"Referral {planned.ReferralId}: the POST failed but {referral.Status} was stored");
                    break;
                case AnswerOutcome.NotStarted or AnswerOutcome.FormFailed when answered:
                    storedWithoutPost++;
                    Example($"Referral {planned.ReferralId}: never posted but {referral.Status} was stored");
                    break;
            }
        }

        var (duplicated, missing) = await CompareAuditTrailAsync(stored, Example, cancellationToken);
        return new VerificationResult
        {
            Acknowledged = acknowledged,
            StoredAsSent = asSent,
            Lost = lost,
            StoredForFailedPost = failedButStored,
            StoredWithoutPost = storedWithoutPost,
            DuplicatedAuditEvents = duplicated,
            MissingAuditEvents = missing,
            Examples = examples,
        };
    }

    private static bool IsAsSent(PlannedAnswer planned, ReferralJson referral) => planned.Offer
        ? referral.Status == "Offered" && referral.Offer?.WeeklyCost == planned.WeeklyCost
        : referral.Status == "Declined" && referral.DeclineReason == planned.DeclineReason && referral.Offer is null;

    /// <summary>Per request the run created: answer events in the audit trail against answers stored.</summary>
    private async Task<(int Duplicated, int Missing)> CompareAuditTrailAsync(IReadOnlyList<ReferralJson?> stored, Action<string> example, CancellationToken cancellationToken)
    {
        var references = fixture.Requests.ToDictionary(r => r.Id, r => r.Reference);
        var answers = stored
            .Where(r => r is not null && (r.Offer is not null || r.DeclineReason is not null))
            .GroupBy(r => references[r!.PlacementRequestId])
            .ToDictionary(g => g.Key, g => g.Count());
        var events = new Dictionary<string, int>();
        foreach (var action in new[] { "OfferMade", "ReferralDeclined" })
        {
            var csv = await fixture.Admin.GetAsync("/admin/audit?handler=Csv&Text=" + action, cancellationToken);
            if (csv.Status != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"The audit export answered {csv.Code}");
            }

            foreach (var row in Csv(csv.Body).Skip(1))
            {
                // id, occurred_at_utc, actor, action, summary, request, before, after
                if (row.Count > 5 && row[3] == action && references.ContainsValue(row[5]))
                {
                    events[row[5]] = events.GetValueOrDefault(row[5]) + 1;
                }
            }
        }

        int duplicated = 0, missing = 0;
        foreach (var reference in answers.Keys.Union(events.Keys))
        {
            var difference = events.GetValueOrDefault(reference) - answers.GetValueOrDefault(reference);
            if (difference != 0)
            {
                example($"{reference}: {answers.GetValueOrDefault(reference)} answers stored, {events.GetValueOrDefault(reference)} answer events audited");
            }

            duplicated += Math.Max(0, difference);
            missing += Math.Max(0, -difference);
        }

        return (duplicated, missing);
    }

    /// <summary>RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    internal static IEnumerable<List<string>> Csv(string text)
    {
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                yield return row;
                row = [];
            }
            else if (c != '\r')
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            yield return row;
        }
    }
}
