using System.Text.Json;
using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Brokerage.Core.Tests.Referrals;

/// <summary>
/// A real SQLite database holding one search: a 12-year-old needing a children's home, referred
/// to Oak House (Oak Care); Elm Homes is another provider with a home of its own.
/// </summary>
public sealed class ReferralServicesTestData : IDisposable
{
    public const string Broker = "broker@council.example";

    private readonly SqliteDatabase _database = new();

    public ReferralServicesTestData()
    {
        using var db = CreateContext();
        var oak = new Provider { Name = "Oak Care", ReferralEmail = "referrals@oak.example", EscalationEmail = "manager@oak.example" };
        var elm = new Provider { Name = "Elm Homes", ReferralEmail = "referrals@elm.example", EscalationEmail = "manager@elm.example" };
        var oakHouse = Home(oak, "Oak House");
        var elmHouse = Home(elm, "Elm House");
        var now = Time.GetUtcNow().UtcDateTime;
        var request = new PlacementRequest
        {
            Reference = "PR-1001",
            ChildReference = "CH-CORE01",
            DateOfBirth = new DateOnly(2014, 5, 1),
            Gender = Gender.Female,
            Ethnicity = "White British",
            HomeLocality = "Amberford",
            PlacementType = PlacementType.ChildrensHome,
            Urgency = Urgency.Emergency,
            NoticeReceivedAt = now,
            RequiredFrom = now.AddDays(2),
            WeeklyBudget = 5_000,
            MaxDistanceMiles = 20,
            Status = RequestStatus.Searching,
            CreatedAt = now,
            CreatedBy = Broker,
        };
        var referral = new Referral
        {
            PlacementRequest = request,
            Setting = oakHouse,
            SentAt = now,
            SentBy = Broker,
            RespondBy = now.AddHours(8),
            FirstChaseAt = now.AddHours(4),
            SecondChaseAt = now.AddHours(6),
            Status = ReferralStatus.Sent,
        };
        db.AddRange(oakHouse, elmHouse, request, referral);
        db.SaveChanges();
        referral.ProviderId = oak.Id;
        db.SaveChanges();

        RequestId = request.Id;
        ReferralId = referral.Id;
        ProviderId = oak.Id;
        OtherProviderId = elm.Id;
        OtherSettingId = elmHouse.Id;
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));

    public BrokerageLinks Links { get; } = new("https://placements.example.gov.uk/");

    public IOptions<CouncilOptions> Council { get; } = Options.Create(new CouncilOptions
    {
        Name = "Wessex Borough Council", ShortName = "Wessex", ServiceName = "Brokerage", TeamName = "children's placements team",
    });

    public int RequestId { get; }

    public int ReferralId { get; }

    /// <summary>Oak Care, whose referral it is.</summary>
    public int ProviderId { get; }

    /// <summary>Elm Homes, which was not sent this referral.</summary>
    public int OtherProviderId { get; }

    public int OtherSettingId { get; }

    public DateOnly Today => UkTime.Today(Time);

    public BrokerageDbContext CreateContext() => _database.CreateContext();

    /// <summary>
    /// Everything an answer can change, read back from the database: the request, its referrals and
    /// offers, the queued email and the audit trail. Two snapshots are equal only when nothing was written.
    /// </summary>
    public string Snapshot()
    {
        using var db = CreateContext();
        return JsonSerializer.Serialize(new
        {
            Requests = db.PlacementRequests.AsNoTracking().OrderBy(r => r.Id).Select(r => new { r.Id, r.Status, r.Version, r.EscalateAt }).ToList(),
            Referrals = db.Referrals.AsNoTracking().OrderBy(r => r.Id)
                .Select(r => new { r.Id, r.SettingId, r.Status, r.RespondedAt, r.RespondedBy, r.DeclineReason, r.DeclineDetails, r.IsExceptional, r.ExceptionalReason }).ToList(),
            Offers = db.Offers.AsNoTracking().OrderBy(o => o.Id).Select(o => new { o.Id, o.ReferralId, o.WeeklyCost, o.Conditions, o.Status }).ToList(),
            Outbox = db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).Select(m => new { m.Id, m.To, m.Subject, m.Body }).ToList(),
            Audit = db.AuditEvents.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Id, a.Action, a.Summary }).ToList(),
        });
    }

    public void Dispose() => _database.Dispose();

    private static Setting Home(Provider provider, string name) => new()
    {
        Provider = provider,
        Name = name,
        Type = PlacementType.ChildrensHome,
        Registration = Registration.OfstedChildrensHome,
        Rating = OfstedRating.Good,
        Contract = ContractArrangement.Framework,
        Contracts = [SettingBuilder.ContractFrom2020(ContractArrangement.Framework)],
        Postcode = "AM2 1AA",
        Locality = "Amberford",
        InCounty = true,
        Places = 3,
        MinAge = 8,
        MaxAge = 17,
        WeeklyRate = 4_500,
    };
}
