using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Notifications;
using Brokerage.Core.Rules;
using Brokerage.Core.Vacancies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Brokerage.Core.Tests.Vacancies;

/// <summary>Notifying a vacancy, on a real SQLite database with the repository's rules.</summary>
public sealed class VacancyServiceTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    private readonly SqliteDatabase database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task Notify_WithACostOverTheSharedCapAndATooLongNote_RefusesBothAtOnce_AndWritesNothing()
    {
        await using var db = database.CreateContext();
        var setting = await HouseholdAsync(db);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Service(db).NotifyAsync(Notification(setting) with { WeeklyCost = 60_000m, Notes = new string('x', FieldRules.TextMaxLength + 1) }));

        Assert.Equal(
            [
                (nameof(NotifyVacancyOptions.WeeklyCost), "The weekly cost must be between £1 and £50,000"),
                (nameof(NotifyVacancyOptions.Notes), "Notes must be 2,000 characters or fewer"),
            ],
            refused.Errors.Select(e => (e.Field, e.Message)));
        Assert.Equal((0, 0, 0), (await db.Vacancies.CountAsync(), await db.OutboxMessages.CountAsync(), await db.AuditEvents.CountAsync()));
    }

    [Fact]
    public async Task Check_FindsTheSameErrorsAsNotify_WithoutWriting()
    {
        await using var db = database.CreateContext();
        var setting = await HouseholdAsync(db);

        var errors = await Service(db).CheckAsync(Notification(setting) with { SettingId = null, WeeklyCost = 0m });

        Assert.Equal([nameof(NotifyVacancyOptions.SettingId), nameof(NotifyVacancyOptions.WeeklyCost)], errors.Select(e => e.Field));
        Assert.Equal(0, await db.Vacancies.CountAsync());
    }

    [Fact]
    public async Task Notify_AtTheCap_IsRecorded_AndTheTeamIsToldWithALinkToTheVacancy()
    {
        await using var db = database.CreateContext();
        var setting = await HouseholdAsync(db);

        var vacancy = await Service(db).NotifyAsync(Notification(setting) with { WeeklyCost = FieldRules.WeeklyCostMaximum });

        Assert.Equal(50_000m, (await db.Vacancies.AsNoTracking().SingleAsync()).WeeklyCost);
        var email = await db.OutboxMessages.AsNoTracking().SingleAsync();
        Assert.Equal("team.manager@wessex.example", email.To);
        Assert.Contains($"https://placements.example.gov.uk/vacancies/{vacancy.Id}", email.Body, StringComparison.Ordinal);
    }

    private static NotifyVacancyOptions Notification(Setting setting) => new()
    {
        ProviderId = setting.ProviderId, SettingId = setting.Id, Places = 1, MinAge = 0, MaxAge = 17, Genders = GendersAccepted.Any,
        ReadyFrom = new DateOnly(2026, 12, 1), WeeklyCost = 850m, Actor = "referrals@brightwater.example",
    };

    /// <summary>A fostering household in Amberford, inside the scheme's region.</summary>
    private static async Task<Setting> HouseholdAsync(BrokerageDbContext db)
    {
        var setting = new Setting
        {
            Provider = new Provider { Name = "Brightwater Fostering", ReferralEmail = "referrals@brightwater.example", EscalationEmail = "e@brightwater.example" },
            Name = "Willow Cottage", Type = PlacementType.Fostering, Registration = Registration.OfstedFosteringAgency, Rating = OfstedRating.Good,
            Contract = ContractArrangement.Framework, Postcode = "AM1 9ZZ", Locality = "Amberford", Latitude = 52.262, Longitude = -1.248, InCounty = true,
            Places = 2, MinAge = 0, MaxAge = 17, GendersAccepted = GendersAccepted.Any, WeeklyRate = 900,
            Contracts = [SettingBuilder.ContractFrom2020(ContractArrangement.Framework)],
        };
        db.Settings.Add(setting);
        await db.SaveChangesAsync();
        return setting;
    }

    private static VacancyService Service(BrokerageDbContext db)
    {
        var rules = RuleSet.Load(RulesDirectory.Real);
        var time = new FakeTimeProvider(Now);
        var links = new BrokerageLinks("https://placements.example.gov.uk/");
        var council = Options.Create(new CouncilOptions { Name = "Wessex Borough Council", ShortName = "Wessex" });
        var vacancyEmails = new VacancyEmails(links, council);
        var schemeEmails = new SchemeEmails(links, council);
        var engine = new MatchingEngine(rules);
        var matcher = new VacancyMatcher(db, rules, engine, new MatchingService(db, rules, engine, time, TestMetrics.Create()), time);
        return new VacancyService(db, rules, matcher, new SchemeService(db, rules, time, vacancyEmails, schemeEmails), time,
            vacancyEmails, schemeEmails, Options.Create(new EmailOptions { TeamManagerEmail = "team.manager@wessex.example" }));
    }
}
