using System.Net;
using Brokerage.Core.Domain;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Market;

/// <summary>
/// The directory's pages as a commissioner and a provider use them: what each may change, every bad
/// value named at once with nothing written, and each change in the record's history. An app of its
/// own, because these tests add and change settings.
/// </summary>
public sealed class DirectoryPageTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    private static Dictionary<string, string> SettingForm(string name, string urn) => new()
    {
        ["Name"] = name, ["Type"] = "ChildrensHome", ["Registration"] = "OfstedChildrensHome", ["OfstedUrn"] = urn,
        ["Rating"] = "Good", ["RatingDate.Day"] = "12", ["RatingDate.Month"] = "6", ["RatingDate.Year"] = "2025",
        ["Address"] = "1 Orchard Lane", ["Postcode"] = "am1 9zz", ["Locality"] = "Amberford", ["Latitude"] = "52.262", ["Longitude"] = "-1.248", ["InCounty"] = "true",
        ["Places"] = "3", ["PlacesFilled"] = "1", ["MinAge"] = "11", ["MaxAge"] = "17", ["GendersAccepted"] = "Any", ["WeeklyRate"] = "5200",
    };

    [Fact]
    public async Task Commissioner_AddsAProviderAndASetting_ThenFindsItByUrnWithItsHistory()
    {
        var commissioner = await Browser.SignedInAsync(factory, TestUsers.Commissioner);

        var added = await commissioner.SubmitAsync("/directory/providers/new", new()
        {
            ["Name"] = "Orchard Lane Care Ltd", ["CompanyNumber"] = "12345678", ["ReferralEmail"] = "referrals@orchardlane.example",
            ["EscalationEmail"] = "manager@orchardlane.example", ["EscalationContactName"] = "Jo Orchard", ["EscalationPhone"] = "01632 960 123",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var providerUrl = added.Headers.Location!.OriginalString;
        var settingAdded = await commissioner.SubmitAsync(providerUrl + "/settings/new", SettingForm("Orchard Lane House", "SC771234"), repeated: [new("Specialisms", "Semh"), new("Specialisms", "Trauma")]);
        Assert.Equal(HttpStatusCode.Redirect, settingAdded.StatusCode);

        var (_, found) = await commissioner.GetAsync("/directory?Text=sc771234");
        Assert.Equal("1 setting", found.QuerySelector("[data-testid=directory-count]")!.TextContent);
        Assert.Contains("Orchard Lane House", found.QuerySelector("[data-testid=directory-rows]")!.TextContent, StringComparison.Ordinal);
        var (_, setting) = await commissioner.GetAsync(settingAdded.Headers.Location!.OriginalString);
        Assert.Contains("2 free of 3 today: 1 filled, 0 out of use", setting.QuerySelector("[data-testid=setting-places]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Setting added", setting.QuerySelector("[data-testid=timeline]")!.TextContent, StringComparison.Ordinal);
        var saved = await factory.WithDbAsync(db => db.Settings.Include(s => s.Provider).SingleAsync(s => s.OfstedUrn == "SC771234"));
        Assert.Equal(("AM1 9ZZ", Needs.Semh | Needs.Trauma, "Orchard Lane Care Ltd"), (saved.Postcode, saved.Specialisms, saved.Provider.Name));
    }

    [Fact]
    public async Task EditSetting_OpenedBeforeAPlacementFilledAPlace_KeepsTheNewCount_AndACorrectionFromThatPageIsAConflict_ThenSavesFromTheFigureShown()
    {
        var commissioner = await Browser.SignedInAsync(factory, TestUsers.Commissioner);
        var added = await commissioner.SubmitAsync("/directory/providers/2/settings/new", SettingForm("Stale Form House", "SC771299"));
        var settingId = int.Parse(added.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        var (_, opened) = await commissioner.GetAsync($"/directory/settings/{settingId}/edit");
        var seen = opened.QuerySelector("input[name=PlacesFilledSeen]")!.GetAttribute("value")!;
        // A broker confirms a placement there while the commissioner has the form open.
        await factory.WithDbAsync(db => db.Settings.Where(s => s.Id == settingId).ExecuteUpdateAsync(u => u.SetProperty(s => s.PlacesFilled, 2)));

        var form = SettingForm("Stale Form House", "SC771299");
        form["PlacesFilledSeen"] = seen;
        form["WeeklyRate"] = "5300";
        var rateChanged = await commissioner.SubmitAsync($"/directory/settings/{settingId}/edit", form);
        form["PlacesFilled"] = "0";
        var corrected = await commissioner.SubmitAsync($"/directory/settings/{settingId}/edit", form);

        Assert.Equal(HttpStatusCode.Redirect, rateChanged.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, corrected.StatusCode);
        var conflictPage = await Browser.ParseAsync(corrected);
        Assert.Contains("A placement filled a place at Stale Form House", conflictPage.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        var saved = await factory.WithDbAsync(db => db.Settings.SingleAsync(s => s.Id == settingId));
        Assert.Equal((2, 5300m), (saved.PlacesFilled, saved.WeeklyRate));

        // The page shown with the conflict carries the figure saved now, so the commissioner's retry counts.
        Assert.Contains("The directory has 2 places filled now", conflictPage.QuerySelector("#PlacesFilled-hint")!.TextContent, StringComparison.Ordinal);
        form["PlacesFilledSeen"] = conflictPage.QuerySelector("input[name=PlacesFilledSeen]")!.GetAttribute("value")!;
        var retried = await commissioner.SubmitAsync($"/directory/settings/{settingId}/edit", form);
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal(0, (await factory.WithDbAsync(db => db.Settings.SingleAsync(s => s.Id == settingId))).PlacesFilled);
    }

    [Fact]
    public async Task AddSetting_WithEveryKindOfBadValue_NamesEachFieldAtOnceAndWritesNothing()
    {
        var commissioner = await Browser.SignedInAsync(factory, TestUsers.Commissioner);
        var taken = await factory.WithDbAsync(db => db.Settings.Where(s => s.Type == PlacementType.ChildrensHome && s.OfstedUrn != null).Select(s => s.OfstedUrn!).FirstAsync());
        var count = await factory.WithDbAsync(db => db.Settings.CountAsync());
        var form = SettingForm("Bad Input House", taken);
        form["Postcode"] = "NOT A POSTCODE";
        form["Latitude"] = "40.1";
        form["Places"] = "1";
        form["PlacesFilled"] = "3";
        form["MinAge"] = "17";
        form["MaxAge"] = "8";

        var refused = await commissioner.SubmitAsync("/directory/providers/2/settings/new", form);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var summary = (await Browser.ParseAsync(refused)).QuerySelector(".govuk-error-summary")!.TextContent;
        Assert.Contains($"Ofsted URN {taken} is already recorded for", summary, StringComparison.Ordinal);
        Assert.Contains("Enter a real UK postcode", summary, StringComparison.Ordinal);
        Assert.Contains("The latitude and longitude must be in the UK", summary, StringComparison.Ordinal);
        Assert.Contains("The number of places cannot be fewer than the 3 places filled", summary, StringComparison.Ordinal);
        Assert.Contains("The youngest age must be the same as or less than the oldest age", summary, StringComparison.Ordinal);
        Assert.Equal(count, await factory.WithDbAsync(db => db.Settings.CountAsync()));
    }

    [Fact]
    public async Task Contract_OverlappingAnotherOrEndingBeforeItStarts_IsRefusedWithItsReason()
    {
        var commissioner = await Browser.SignedInAsync(factory, TestUsers.Commissioner);
        var settingId = await factory.WithDbAsync(db => db.Settings.Where(s => s.Contract == ContractArrangement.BlockContract).Select(s => s.Id).FirstAsync());
        var contracts = await factory.WithDbAsync(db => db.SettingContracts.CountAsync());
        Dictionary<string, string> Block(string start, string end) => new()
        {
            ["Arrangement"] = "BlockContract", ["ReservedPlaces"] = "1", ["AgreedWeeklyPrice"] = "4000",
            ["StartsOn.Day"] = "1", ["StartsOn.Month"] = "4", ["StartsOn.Year"] = start,
            ["EndsOn.Day"] = "31", ["EndsOn.Month"] = "3", ["EndsOn.Year"] = end,
        };

        var overlapping = await commissioner.SubmitAsync($"/directory/settings/{settingId}/contracts/new", Block("2025", "2026"));
        var backwards = await commissioner.SubmitAsync($"/directory/settings/{settingId}/contracts/new", Block("2031", "2030"));

        Assert.Equal(HttpStatusCode.BadRequest, overlapping.StatusCode);
        Assert.Contains("These dates overlap the block contract", (await Browser.ParseAsync(overlapping)).QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("The end date must be the same as or after the start date", (await Browser.ParseAsync(backwards)).QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(contracts, await factory.WithDbAsync(db => db.SettingContracts.CountAsync()));
    }

    [Fact]
    public async Task Provider_CannotChangeItsRegistrationOrPrice_NorAnotherProvidersSetting_AndNothingIsWritten()
    {
        var provider = await Browser.SignedInAsync(factory, TestUsers.BrightwaterFostering);
        var own = await factory.WithDbAsync(db => db.Settings.Where(s => s.Provider.ReferralEmail == TestUsers.BrightwaterFostering).OrderBy(s => s.Id).FirstAsync());
        var others = await factory.WithDbAsync(db => db.Settings.Where(s => s.Provider.ReferralEmail != TestUsers.BrightwaterFostering).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
        var audit = await factory.WithDbAsync(db => db.AuditEvents.CountAsync());
        var outOfUse = new Dictionary<string, string>
        {
            ["Places"] = "1", ["Reason"] = "Staffing", ["From.Day"] = "1", ["From.Month"] = "1", ["From.Year"] = "2030", ["Until.Day"] = "2", ["Until.Month"] = "1", ["Until.Year"] = "2030",
        };

        var (directory, _) = await provider.GetAsync("/directory");
        var (ownEdit, _) = await provider.GetAsync($"/directory/settings/{own.Id}/edit");
        var otherOutOfUse = await provider.Client.PostAsync($"/provider/settings/{others}/out-of-use/new", new FormUrlEncodedContent(outOfUse));
        var (otherPage, _) = await provider.GetAsync($"/provider/settings/{others}/out-of-use/new");

        Assert.True(directory.StatusCode == HttpStatusCode.Redirect && directory.Headers.Location!.AbsolutePath.StartsWith("/access-denied", StringComparison.Ordinal));
        Assert.True(ownEdit.StatusCode == HttpStatusCode.Redirect && ownEdit.Headers.Location!.AbsolutePath.StartsWith("/access-denied", StringComparison.Ordinal));
        Assert.NotEqual(HttpStatusCode.Redirect, otherOutOfUse.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherPage.StatusCode);
        Assert.Equal(audit, await factory.WithDbAsync(db => db.AuditEvents.CountAsync()));
        Assert.Equal(0, await factory.WithDbAsync(db => db.PlaceUnavailabilities.CountAsync(u => u.SettingId == others && u.RecordedBy == TestUsers.BrightwaterFostering)));
        var unchanged = await factory.WithDbAsync(db => db.Settings.SingleAsync(s => s.Id == own.Id));
        Assert.Equal((own.Registration, own.Rating, own.WeeklyRate), (unchanged.Registration, unchanged.Rating, unchanged.WeeklyRate));
    }

    [Fact]
    public async Task Provider_RecordsPlacesOutOfUseAtItsOwnSetting_AndTheCommissionerSeesWhoDidIt()
    {
        var provider = await Browser.SignedInAsync(factory, TestUsers.BrightwaterFostering);
        var own = await factory.WithDbAsync(db => db.Settings.Where(s => s.Provider.ReferralEmail == TestUsers.BrightwaterFostering).OrderByDescending(s => s.Id).FirstAsync());
        var next = DateTime.UtcNow.Year + 1;

        var saved = await provider.SubmitAsync($"/provider/settings/{own.Id}/out-of-use/new", new()
        {
            ["Places"] = "1", ["Reason"] = "CarerRespite", ["From.Day"] = "3", ["From.Month"] = "8", ["From.Year"] = $"{next}",
            ["Until.Day"] = "17", ["Until.Month"] = "8", ["Until.Year"] = $"{next}",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var commissioner = await Browser.SignedInAsync(factory, TestUsers.Commissioner);
        var (_, page) = await commissioner.GetAsync($"/directory/settings/{own.Id}");
        Assert.Contains($"1 place from 3 August {next} to 17 August {next}: Carer's respite or holiday", page.QuerySelector("[data-testid=out-of-use]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("by " + TestUsers.BrightwaterFostering, page.QuerySelector("[data-testid=timeline]")!.TextContent, StringComparison.Ordinal);
    }
}
