using System.Net;
using AngleSharp.Html.Dom;
using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Domain;
using Brokerage.Web.Pages.Account.TwoFactor;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Tests.Infrastructure;

/// <summary>The app run by another council: only the Council section of the settings differs from the demo.</summary>
public sealed class AnotherCouncilsApp : IDisposable
{
    public const string Name = "Wessex Borough Council";
    public const string ShortName = "Wessex";
    public const string ServiceName = "Placements Finder";

    public BrokerageWebFactory Factory { get; } = new()
    {
        Settings = new Dictionary<string, string>
        {
            ["Council:Name"] = Name,
            ["Council:ShortName"] = ShortName,
            ["Council:ServiceName"] = ServiceName,
        },
    };

    public void Dispose() => Factory.Dispose();
}

/// <summary>
/// The council is configuration: another council's name in the settings shows wherever the
/// council is named — pages, PDFs and emails — and the demo council's name shows nowhere.
/// (The demo data itself, such as the users' addresses, stays Ambershire's.)
/// </summary>
public sealed class CouncilConfigurationTests(AnotherCouncilsApp app) : IClassFixture<AnotherCouncilsApp>
{
    private const string DemoCouncil = "Ambershire County Council";

    // ---- Pages ----

    [Theory]
    [InlineData(null, "/")]
    [InlineData("broker@ambershire.example", "/requests")]
    [InlineData("commissioner@ambershire.example", "/reports/sufficiency")]
    public async Task APage_NamesTheConfiguredCouncilAndService_InItsTitleHeaderAndFooter(string? user, string url)
    {
        var browser = user is null ? Browser.For(app.Factory) : await Browser.SignedInAsync(app.Factory, user);

        var (response, page) = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (title, header, footer) = Frame(page);
        Assert.EndsWith($"{AnotherCouncilsApp.ServiceName} – {AnotherCouncilsApp.Name}", title, StringComparison.Ordinal);
        Assert.Equal(AnotherCouncilsApp.Name, page.QuerySelector(".govuk-generic-header__homepage-link")!.TextContent.Trim());
        Assert.Equal(AnotherCouncilsApp.ServiceName, page.QuerySelector(".govuk-service-navigation__service-name")!.TextContent.Trim());
        Assert.Contains(AnotherCouncilsApp.Name, footer, StringComparison.Ordinal);
        Assert.All([title, header, footer], text => Assert.DoesNotContain(DemoCouncil, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheApiClientsPage_OffersTheConfiguredCouncilForItsOwnSystems()
    {
        var admin = await Browser.SignedInAsync(app.Factory, "admin@ambershire.example");

        var (_, page) = await admin.GetAsync("/admin/api-clients");

        Assert.Equal(AnotherCouncilsApp.Name, page.QuerySelector("#ProviderId option[value='']")!.TextContent.Trim());
        Assert.StartsWith($"For example, {AnotherCouncilsApp.ShortName} ", page.QuerySelector("#Name-hint")!.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void AuthenticatorApps_ListTheAccountUnderTheConfiguredCouncilAndService()
    {
        var council = app.Factory.Services.GetRequiredService<IOptions<CouncilOptions>>().Value;

        var uri = AuthenticatorSetup.Uri(AuthenticatorSetup.Issuer(council), "someone@wessex.example", "ABCDEFGH");

        Assert.StartsWith("otpauth://totp/Wessex%20Placements%20Finder:someone%40wessex.example?", uri, StringComparison.Ordinal);
        Assert.Contains("&issuer=Wessex%20Placements%20Finder&", uri, StringComparison.Ordinal);
    }

    // ---- PDFs ----

    [Theory]
    [InlineData("/reports/sufficiency?handler=Pack")]
    [InlineData("/allocation/asylum-dispersal?handler=Pdf")]
    public async Task APdf_NamesTheConfiguredCouncil(string url)
    {
        var commissioner = await Browser.SignedInAsync(app.Factory, "commissioner@ambershire.example");

        var response = await commissioner.Client.GetAsync(url);

        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        AssertNamesTheConfiguredCouncil(PdfText.Read(await response.Content.ReadAsByteArrayAsync()));
    }

    // ---- Emails, and the decision and placement records ----

    [Fact]
    public async Task TheReferralToAProvider_AndTheOfferEmailToTheBroker_NameTheConfiguredCouncil()
    {
        var referred = await Scenario.RequestWithReferralsAsync(app.Factory, "WX-EMAILS", referralCount: 1);
        var referral = referred.Referrals[0];
        await Scenario.OfferAsync(app.Factory, referral, weeklyCost: 4200);

        var emails = await app.Factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.PlacementRequestId == referred.RequestId).ToListAsync());

        // The best match is the demo council's own home, whose name (demo data) the emails rightly give.
        string InTheCouncilsOwnWords(OutboxMessage m) =>
            (m.Subject + "\n" + m.Body).Replace(referral.Setting.Name, "a setting", StringComparison.Ordinal).Replace(referral.Setting.Provider.Name, "a provider", StringComparison.Ordinal);
        var toProvider = Assert.Single(emails, m => m.To == referral.Setting.Provider.ReferralEmail);
        AssertNamesTheConfiguredCouncil(InTheCouncilsOwnWords(toProvider));
        Assert.EndsWith($"{AnotherCouncilsApp.ServiceName}, for {AnotherCouncilsApp.Name}'s children's placements team", toProvider.Body.TrimEnd(), StringComparison.Ordinal);
        var toBroker = Assert.Single(emails, m => m.Subject.StartsWith("Offer received", StringComparison.Ordinal));
        Assert.EndsWith($"{AnotherCouncilsApp.ServiceName}, for {AnotherCouncilsApp.Name}'s children's placements team", toBroker.Body.TrimEnd(), StringComparison.Ordinal);
        AssertNamesTheConfiguredCouncil(InTheCouncilsOwnWords(toBroker));
    }

    [Fact]
    public async Task TheDecisionRecord_AndThePlacementRecord_NameTheConfiguredCouncil()
    {
        var offered = await ApprovalScenario.UnregulatedOfferAsync(app.Factory, "WX-RECORDS");
        var approval = await ApprovalScenario.RaiseAsync(app.Factory, ApprovalScenario.RiskAssessment(app.Factory, offered));
        await ApprovalScenario.DecideAsync(app.Factory, approval.Id, ApprovalDecision.Approve);
        await ApprovalScenario.AcceptAsync(app.Factory, offered);

        var decision = await app.Factory.WithDbAsync(db => db.DecisionRecords.SingleAsync(r => r.ApprovalRequestId == approval.Id));
        AssertNamesTheConfiguredCouncil(PdfText.Read(decision.Pdf));
        var broker = await Browser.SignedInAsync(app.Factory, TestUsers.Broker);
        var placement = await broker.Client.GetAsync(app.Factory.Services.GetRequiredService<BrokerageLinks>().PlacementRecordPdf(offered.RequestId));
        Assert.Equal("application/pdf", placement.Content.Headers.ContentType!.MediaType);
        AssertNamesTheConfiguredCouncil(PdfText.Read(await placement.Content.ReadAsByteArrayAsync()));
    }

    private static void AssertNamesTheConfiguredCouncil(string text)
    {
        Assert.Contains(AnotherCouncilsApp.Name, text, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoCouncil, text, StringComparison.Ordinal);
    }

    private static (string Title, string Header, string Footer) Frame(IHtmlDocument page) =>
        (page.Title ?? "", page.QuerySelector("header")!.TextContent, page.QuerySelector("footer")!.TextContent);
}
