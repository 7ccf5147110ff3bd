using System.Net;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Jobs;
using Brokerage.Core.Notifications;
using Brokerage.Core.Placements;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Tests.Jobs;

/// <summary>Defects found in review, each held closed by a test.</summary>
public sealed class RegressionTests
{
    [Fact]
    public async Task CreateForm_WithATimeTheClocksSkip_ShowsAFieldErrorNotAServerError()
    {
        using var factory = new BrokerageWebFactory();
        var broker = await Browser.SignedInAsync(factory, "broker@ambershire.example");
        var form = RequestForm.Valid(factory.Time.GetUtcNow(), "CH-DST01", requiredInDays: 5);
        // 01:30 on 28 March 2027 does not exist in the UK: the clocks go from 01:00 to 02:00.
        (form["RequiredFrom.Day"], form["RequiredFrom.Month"], form["RequiredFrom.Year"], form["RequiredFromTime"]) = ("28", "3", "2027", "01:30");

        var response = await broker.SubmitAsync("/requests/new", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Contains("clocks go forward", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchWaitingOnAHeldOffer_IsWidenedWhenTheHoldLapses()
    {
        using var factory = new BrokerageWebFactory();
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-STUCK", 1, requiredInDays: 2);
        var offer = await Scenario.OfferAsync(factory, scenario.Referrals[0], 900);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            offer = await scope.ServiceProvider.GetRequiredService<PlacementService>().HoldOfferAsync(new HoldOfferOptions(scenario.RequestId, offer.Id, "broker@ambershire.example"));
        }

        factory.Time.Advance(TimeSpan.FromHours(9));
        Assert.Equal(1, await factory.RunAsync<SearchEscalationJob, int>(j => j.ExecuteAsync(CancellationToken.None))); // an offer is waiting: not widened
        factory.Time.SetUtcNow(offer.HeldUntil!.Value.AddMinutes(1));
        Assert.Equal(1, await factory.RunAsync<OfferHoldsJob, int>(j => j.ExecuteAsync(CancellationToken.None))); // the hold lapses
        Assert.Equal(1, await factory.RunAsync<SearchEscalationJob, int>(j => j.ExecuteAsync(CancellationToken.None))); // so the search escalates again

        var request = await factory.WithDbAsync(db => db.PlacementRequests.Include(r => r.Referrals).SingleAsync(r => r.Id == scenario.RequestId));
        Assert.Equal(1, request.SearchStage);
        Assert.True(request.Referrals.Count > 1, "the widened search sent new referrals");
    }

    [Fact]
    public async Task ASlowMailServer_DoesNotLetAnOverlappingDeliveryRunSendAMessageTwice()
    {
        using var factory = new BrokerageWebFactory();
        await Scenario.RequestWithReferralsAsync(factory, "CH-LEASE", 3, requiredInDays: 5);
        SlowMailServer? server = null;
        async Task<int> RunAsync()
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var job = new OutboxDeliveryJob(services.GetRequiredService<BrokerageDbContext>(), server!, services.GetRequiredService<IOptions<EmailOptions>>(), factory.Time, services.GetRequiredService<Brokerage.Core.Common.BrokerageMetrics>(), NullLogger<OutboxDeliveryJob>.Instance);
            return await job.ExecuteAsync(CancellationToken.None);
        }

        // Six minutes pass while the first message is being sent, and the next minute's run starts meanwhile.
        server = new SlowMailServer(async () =>
        {
            factory.Time.Advance(TimeSpan.FromMinutes(6));
            await RunAsync();
        });
        await RunAsync();

        Assert.NotEmpty(server.Sent);
        Assert.Equal(server.Sent.Count, server.Sent.Distinct().Count());
    }

    private sealed class SlowMailServer(Func<Task> duringFirstSend) : IEmailSender
    {
        private bool _first = true;

        public List<string> Sent { get; } = [];

        public async Task SendAsync(MimeKit.MimeMessage message, CancellationToken cancellationToken)
        {
            if (_first)
            {
                _first = false;
                await duringFirstSend();
            }

            lock (Sent)
            {
                Sent.Add(message.MessageId ?? "");
            }
        }
    }
}
