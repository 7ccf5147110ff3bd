using Brokerage.Core.Approvals;
using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Brokerage.Core.Placements;
using Brokerage.Core.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Brokerage.Core.Tests.Placements;

/// <summary>
/// A council's open search, saved in a real database: one referral per setting, each from a
/// provider of its own, and the offers some of them made. Friday 20 November 2026, 10:00.
/// </summary>
public static class OpenSearch
{
    public const string Broker = "broker@wessex.example";
    public const string AssistantDirector = "ad@wessex.example";

    public static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Each setting's registration, and whether its provider has offered a place.</summary>
    public static async Task<PlacementRequest> SaveAsync(BrokerageDbContext db, int childAge, params (Registration Registration, bool Offered)[] settings)
    {
        var now = Now.UtcDateTime;
        var request = new PlacementRequest
        {
            Reference = "WX-0042",
            ChildReference = "CH-CORE",
            DateOfBirth = DateOnly.FromDateTime(now).AddYears(-childAge).AddDays(-40),
            Gender = Gender.Male,
            Ethnicity = "White British",
            HomeLocality = "Amberford",
            PlacementType = PlacementType.SupportedAccommodation,
            NoticeReceivedAt = now,
            RequiredFrom = now.AddDays(2),
            Urgency = Urgency.Emergency,
            WeeklyBudget = 2000,
            MaxDistanceMiles = 20,
            Status = RequestStatus.Searching,
            CreatedAt = now,
            CreatedBy = Broker,
        };
        for (var i = 0; i < settings.Length; i++)
        {
            var (registration, offered) = settings[i];
            var provider = new Provider { Name = $"Provider {i + 1}", ReferralEmail = $"referrals@provider{i + 1}.example", EscalationEmail = $"manager@provider{i + 1}.example" };
            var setting = new Setting
            {
                Provider = provider, Name = $"Home {i + 1}", Type = PlacementType.SupportedAccommodation, Registration = registration,
                Postcode = "AM1 9ZZ", Locality = "Amberford", Places = 1, MinAge = 11, MaxAge = 17, WeeklyRate = 1400,
            };
            request.Referrals.Add(new Referral
            {
                Setting = setting,
                SentAt = now.AddHours(-1),
                SentBy = Broker,
                RespondBy = now.AddHours(7),
                FirstChaseAt = now.AddHours(3),
                SecondChaseAt = now.AddHours(5),
                Status = offered ? ReferralStatus.Offered : ReferralStatus.Sent,
                RespondedAt = offered ? now.AddMinutes(-30) : null,
                Offer = offered ? new Offer { AvailableFrom = DateOnly.FromDateTime(now).AddDays(3), WeeklyCost = 1450 + (100 * i), Status = OfferStatus.Open, CreatedAt = now.AddMinutes(-30) } : null,
            });
        }

        db.PlacementRequests.Add(request);
        await db.SaveChangesAsync();
        foreach (var referral in request.Referrals)
        {
            referral.ProviderId = referral.Setting.ProviderId;
        }

        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        return request;
    }

    public static Task<PlacementRequest> ReadAsync(BrokerageDbContext db, int requestId) =>
        db.PlacementRequests.AsNoTracking()
            .Include(r => r.Referrals).ThenInclude(r => r.Offer)
            .Include(r => r.Referrals).ThenInclude(r => r.Setting).ThenInclude(s => s.Provider)
            .Include(r => r.Placements)
            .AsSplitQuery()
            .SingleAsync(r => r.Id == requestId);

    /// <summary>Everything an approval or a placement writes, as text, so a refusal can be shown to have written none of it.</summary>
    public static async Task<string> EverythingWrittenAsync(BrokerageDbContext db) => string.Join(Environment.NewLine,
        [
            .. await db.PlacementRequests.AsNoTracking().OrderBy(r => r.Id).Select(r => $"request {r.Id} {r.Status} v{r.Version} escalate {r.EscalateAt}").ToListAsync(),
            .. await db.Referrals.AsNoTracking().OrderBy(r => r.Id).Select(r => $"referral {r.Id} {r.Status}").ToListAsync(),
            .. await db.Offers.AsNoTracking().OrderBy(o => o.Id).Select(o => $"offer {o.Id} {o.Status} held until {o.HeldUntil}").ToListAsync(),
            .. await db.ApprovalRequests.AsNoTracking().OrderBy(a => a.Id).Select(a => $"approval {a.Id} {a.Status} v{a.Version} by {a.DecidedBy} review {a.NextReviewDate}").ToListAsync(),
            .. await db.DecisionRecords.AsNoTracking().OrderBy(r => r.Id).Select(r => $"record {r.DocumentReference}").ToListAsync(),
            .. await db.Placements.AsNoTracking().OrderBy(p => p.Id).Select(p => $"placement {p.Id} {p.SettingId}").ToListAsync(),
            .. await db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).Select(m => $"email to {m.To}: {m.Subject}").ToListAsync(),
            .. await db.AuditEvents.AsNoTracking().OrderBy(a => a.Id).Select(a => $"audit {a.Action}").ToListAsync(),
        ]);

    public static string PdfText(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    /// <summary>What the page posts: a complete risk assessment for the offer, with the first review 14 days on.</summary>
    public static RaiseApprovalOptions RiskAssessment(PlacementRequest request, Referral referral) => new()
    {
        RequestId = request.Id,
        OfferId = referral.Offer!.Id,
        HowNeedsAreMet = "Staffed flat with a support worker on site around the clock",
        QualityChecks = QualityCheck.AccommodationVisited | QualityCheck.StaffVettingSeen,
        QualityAssuranceNotes = "Insurance and safety certificates requested",
        Risks = [new RiskItem("Going missing at night", "Waking night staff and a missing-from-care protocol", "Social worker")],
        VisitingFrequency = VisitingFrequency.TwiceWeekly,
        ProposedReviewDate = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(14),
        Actor = Broker,
    };
}

/// <summary>The Core services as the web app composes them, for a council that is not Ambershire.</summary>
public sealed class CoreServices
{
    public static readonly RuleSet Rules = RuleSet.Load(RulesDirectory.Real);
    public static readonly BrokerageLinks Links = new("https://placements.example.gov.uk/");
    public static readonly IOptions<CouncilOptions> Council = Options.Create(new CouncilOptions
    {
        Name = "Wessex Borough Council", ShortName = "Wessex", ServiceName = "Brokerage", TeamName = "fostering and placements team",
    });

    public static readonly IOptions<EmailOptions> Mailboxes = Options.Create(new EmailOptions { AssistantDirectorsEmail = "assistant.directors@wessex.example" });

    public FakeTimeProvider Time { get; } = new(OpenSearch.Now);

    public ProviderEmails ProviderEmails { get; } = new(Links, Council);

    public ApprovalService Approvals(BrokerageDbContext db) =>
        new(db, Rules, Time, new RiskAssessmentValidator(Rules, Time), new ApprovalEmails(Links), ProviderEmails, Mailboxes, Council);

    public PlacementService Placements(BrokerageDbContext db) => new(db, Rules, Time, ProviderEmails);
}
