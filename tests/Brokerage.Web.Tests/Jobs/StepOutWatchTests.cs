using System.Net;
using Brokerage.Core.Domain;
using Brokerage.Core.Jobs;
using Brokerage.Core.Notifications;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Brokerage.Web.Tests.Infrastructure.ApprovalScenario;

namespace Brokerage.Web.Tests.Jobs;

/// <summary>A child in unregulated provision stays under watch until a regulated setting that fits has a place.</summary>
public sealed class StepOutWatchTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    [Fact]
    public async Task AFittingRegulatedVacancyNotifiedLater_AlertsTheBrokerAndTheAssistantDirectorsOnce_AndANonFittingOneAlertsNobody()
    {
        var placement = await UnregulatedPlacementAsync("CH-STEPOUT1");
        // Whatever the market offers today is found first; what follows is about what changes.
        await SweepAsync();
        var fitting = await FullRegulatedFlatAsync("Registered flat for CH-STEPOUT1", minAge: 16, maxAge: 17);
        var notFitting = await FullRegulatedFlatAsync("Registered flat for younger children", minAge: 16, maxAge: 17);
        Assert.Equal(0, await SweepAsync());
        var mail = await MailCountAsync(placement.PlacementRequestId);
        var known = await AlertCountAsync(placement.Id);

        // A vacancy for the child's age at one; a vacancy for under-13s only at the other.
        await VacancyScenario.NotifyAsync(factory, fitting, readyInDays: 0, minAge: 16, maxAge: 17);
        await VacancyScenario.NotifyAsync(factory, notFitting, readyInDays: 0, minAge: 0, maxAge: 12);
        await SweepAsync();

        Assert.Equal(known + 1, await AlertCountAsync(placement.Id));
        var alert = await factory.WithDbAsync(db => db.StepOutAlerts.SingleAsync(a => a.PlacementId == placement.Id && a.SettingId == fitting.Id));
        Assert.True(alert.WatchReasons.HasFlag(WatchReasons.Unregulated));
        Assert.False(await factory.WithDbAsync(db => db.StepOutAlerts.AnyAsync(a => a.SettingId == notFitting.Id)));
        var messages = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.PlacementRequestId == placement.PlacementRequestId).OrderBy(m => m.Id).Skip(mail).ToListAsync());
        var assistantDirectors = factory.Services.GetRequiredService<IOptions<EmailOptions>>().Value.AssistantDirectorsEmail;
        Assert.Equal(new[] { TestUsers.Broker, assistantDirectors }.Order(), messages.Select(m => m.To).Order());
        Assert.All(messages, m =>
        {
            Assert.Contains(fitting.Name, m.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(notFitting.Name, m.Body, StringComparison.Ordinal);
            Assert.Contains("Why it fits:", m.Body, StringComparison.Ordinal);
        });

        // Told once: the next sweep finds the same option and says nothing.
        Assert.Equal(0, await SweepAsync());
        Assert.Equal(mail + 2, await MailCountAsync(placement.PlacementRequestId));

        // The register counts the days since a regulated option first appeared; the broker sees it on the placement.
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);
        var (_, register) = await broker.GetAsync("/approvals/register");
        var row = register.QuerySelectorAll("[data-testid=register-row]").Single(r => r.TextContent.Contains("CH-STEPOUT1", StringComparison.Ordinal));
        Assert.StartsWith("0", row.QuerySelector("[data-testid=days-since-option]")!.TextContent.Trim(), StringComparison.Ordinal);
        var (response, page) = await broker.GetAsync($"/requests/{placement.PlacementRequestId}/placement");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(fitting.Name, page.QuerySelector("[data-testid=step-out-options]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChildWhereThePlanWantsThem_IsNotWatched()
    {
        var placement = await UnregulatedPlacementAsync("CH-STEPOUT2");
        var today = Core.UkTime.Today(factory.Time);
        var stored = await factory.WithDbAsync(db => db.Placements.Include(p => p.PlacementRequest).Include(p => p.Setting).SingleAsync(p => p.Id == placement.Id));

        Assert.Equal(WatchReasons.Unregulated, StepOutWatchJob.ReasonsFor(stored, stored.Setting, today));
        // The provider's registration comes through: the child is now where the plan wants them.
        stored.Setting.Registration = Registration.OfstedSupportedAccommodation;
        Assert.Equal(WatchReasons.None, StepOutWatchJob.ReasonsFor(stored, stored.Setting, today));
        stored.IsInterim = true;
        Assert.Equal(WatchReasons.Interim, StepOutWatchJob.ReasonsFor(stored, stored.Setting, today));
    }

    /// <summary>A 16-year-old placed in unregulated supported accommodation on an assistant director's approval.</summary>
    private async Task<Placement> UnregulatedPlacementAsync(string child)
    {
        var offered = await UnregulatedOfferAsync(factory, child);
        var approval = await RaiseAsync(factory, RiskAssessment(factory, offered));
        await DecideAsync(factory, approval.Id, ApprovalDecision.Approve);
        return await AcceptAsync(factory, offered);
    }

    /// <summary>Registered supported accommodation for 16- and 17-year-olds on a framework contract, its one place filled.</summary>
    private async Task<Setting> FullRegulatedFlatAsync(string name, int minAge, int maxAge)
    {
        var setting = await factory.Services.AddSettingAsync(new SettingBuilder(name)
        {
            Type = PlacementType.SupportedAccommodation, Registration = Registration.OfstedSupportedAccommodation, Places = 1, MinAge = minAge, MaxAge = maxAge, WeeklyRate = 1400,
        }, providerId: 2);
        await factory.WithDbAsync(db => db.Settings.Where(s => s.Id == setting.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.PlacesFilled, 1)));
        return setting;
    }

    private Task<int> SweepAsync() => factory.RunAsync<StepOutWatchJob, int>(j => j.ExecuteAsync(CancellationToken.None));

    private Task<int> AlertCountAsync(int placementId) => factory.WithDbAsync(db => db.StepOutAlerts.CountAsync(a => a.PlacementId == placementId));

    private Task<int> MailCountAsync(int requestId) => factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.PlacementRequestId == requestId));
}
