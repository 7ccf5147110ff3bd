using System.Globalization;
using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Brokerage.Core.Domain;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Web.Tests.Security;

/// <summary>
/// A property of every form in the app rather than a list of known cases: each form on each page
/// (as the role that uses it) is submitted with every field set to each hostile value in turn,
/// hidden fields and file uploads included. Whatever the value, the answer is never a server
/// error and never echoes markup unescaped; when the answer is an error, nothing was written.
/// </summary>
public sealed class FormFuzzTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    private const string Markup = "<img src=x onerror=alert(1)>";

    /// <summary>The values every field gets in turn. <see cref="InvalidUtf8"/> is sent as raw bytes.</summary>
    private static readonly string[] Payloads =
    [
        "",
        new string('x', 20_000) + Markup,
        Markup,
        "'; DROP TABLE Referrals; --",
        "-99999999999999999999",
        "1e308",
        "\u0000\u202E\uFFFD\t\r\n",
        "../../../../etc/passwd",
        InvalidUtf8,
    ];

    private const string InvalidUtf8 = "(invalid UTF-8)";

    [Fact]
    public async Task EveryForm_GivenHostileValuesInEveryField_AnswersWithoutAServerErrorOrAnEcho_AndWritesNothingWhenItRefuses()
    {
        var pages = await PagesWithFormsAsync();
        var failures = new List<string>();
        var submissions = 0;
        var refusals = 0;
        foreach (var (user, urls) in pages)
        {
            var browser = user is null ? Browser.For(factory) : await Browser.SignedInAsync(factory, user);
            foreach (var url in urls)
            {
                foreach (var payload in Payloads)
                {
                    // The page is read again for each value: an earlier submission may have changed its forms.
                    var (pageResponse, page) = await browser.GetAsync(url);
                    if (pageResponse.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Add($"{user ?? "anonymous"} {url}: the page itself answered {(int)pageResponse.StatusCode}");
                        break;
                    }

                    var forms = page.Forms.Where(f => !IsSignOut(f)).ToList();
                    if (payload == Payloads[0] && forms.Count == 0)
                    {
                        failures.Add($"{user ?? "anonymous"} {url}: no form to try (the set-up no longer reaches it)");
                    }

                    foreach (var form in forms)
                    {
                        var before = await SnapshotAsync();
                        var response = await SubmitAsync(browser, url, form, payload);
                        submissions++;
                        var body = await response.Content.ReadAsStringAsync();
                        var where = $"{user ?? "anonymous"} {url} form {Describe(form)} with {Describe(payload)}";
                        if ((int)response.StatusCode >= 500)
                        {
                            failures.Add($"{where}: {(int)response.StatusCode}");
                        }

                        if (body.Contains(Markup, StringComparison.Ordinal))
                        {
                            failures.Add($"{where}: the markup came back unescaped");
                        }

                        if (response.StatusCode == HttpStatusCode.BadRequest && !body.Contains("govuk-error-summary", StringComparison.Ordinal)
                            && !body.Contains("What you sent could not be read", StringComparison.Ordinal))
                        {
                            failures.Add($"{where}: a 400 that does not say what was wrong");
                        }

                        if (IsRefusal(response, body))
                        {
                            refusals++;
                            var changed = Changed(before, await SnapshotAsync());
                            if (changed.Count > 0)
                            {
                                failures.Add($"{where}: refused, yet wrote to {string.Join(", ", changed)}");
                            }
                        }
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        // The sweep reached the forms it was meant to: dozens of pages' forms, most values refused.
        Assert.True(submissions > 150, $"only {submissions} submissions");
        Assert.True(refusals > submissions / 2, $"only {refusals} of {submissions} submissions were refused");
    }

    /// <summary>Each user and the pages with the forms they use, on data made for the purpose.</summary>
    private async Task<List<(string? User, string[] Urls)>> PagesWithFormsAsync()
    {
        var referred = await Scenario.RequestWithReferralsAsync(factory, "CH-FUZZ", 2);
        var runId = await factory.WithDbAsync(db => db.MatchingRuns.Where(r => r.PlacementRequestId == referred.RequestId).MaxAsync(r => r.Id));
        await Scenario.OfferAsync(factory, referred.Referrals[1], 1200); // an offer for the offers page to accept
        var open = referred.Referrals[0];
        var unregulated = await ApprovalScenario.UnregulatedOfferAsync(factory, "CH-FUZZ-U");
        var toDecide = await ApprovalScenario.RaiseAsync(factory, ApprovalScenario.RiskAssessment(factory, await ApprovalScenario.UnregulatedOfferAsync(factory, "CH-FUZZ-A")));
        var brightwater = await VacancyScenario.ProviderAsync(factory);
        var vacancy = await VacancyScenario.NotifyAsync(factory, await VacancyScenario.HouseholdAsync(factory, brightwater.Id, "Fuzz household"), readyInDays: 3);
        var inScheme = await VacancyScenario.InSchemeAsync(factory, "Fuzz scheme household", readyInDays: 3);
        var (searching, _) = await ApprovalScenario.RequestAsync(factory, "CH-FUZZ-S", 9, PlacementType.Fostering);
        var schemeSecret = await VacancyScenario.OpenOfferSecretAsync(factory, inScheme);
        // A colleague who is locked out and has two-factor sign-in, so that the admin's user page offers both its forms.
        var colleagueId = await factory.WithDbAsync(async db =>
        {
            var colleague = await db.Users.SingleAsync(u => u.Email == TestUsers.SecondBroker);
            colleague.TwoFactorEnabled = true;
            colleague.LockoutEnd = DateTimeOffset.UtcNow.AddHours(1); // Identity's clock, not the test's
            await db.SaveChangesAsync();
            return colleague.Id;
        });

        // In an order that keeps each page's forms there: answers and withdrawals come before the
        // broker accepts an offer, which closes the search and every referral in it.
        return
        [
            (null, ["/sign-in", $"/scheme/offers/{schemeSecret}"]),
            (open.Setting.Provider.ReferralEmail, [$"/provider/referrals/{open.Id}"]),
            (TestUsers.AssistantDirector, [$"/approvals/{toDecide.Id}", "/reports/sufficiency", "/allocation/asylum-dispersal"]),
            (TestUsers.Admin, ["/admin/api-clients", "/admin/calendar", "/admin/rules", $"/admin/users/{colleagueId}", "/admin/audit", "/admin/users/new"]),
            (TestUsers.Broker,
            [
                "/requests/new", $"/requests/{referred.RequestId}", $"/requests/{referred.RequestId}/matching/{runId}",
                $"/requests/{unregulated.RequestId}/offers/{unregulated.Offer.Id}/approval", $"/vacancies/{vacancy.Id}", "/account/two-factor",
                $"/requests/{referred.RequestId}/offers",
            ]),
            (brightwater.ReferralEmail, [$"/provider/searches/{searching}", "/provider/vacancies/new", "/provider/vacancies", "/provider/contacts", $"/provider/settings/{vacancy.SettingId}/out-of-use/new", "/provider/staff"]),
            (TestUsers.Commissioner,
            [
                "/directory", "/directory/providers/new", $"/directory/providers/{brightwater.Id}/edit", $"/directory/providers/{brightwater.Id}/settings/new",
                $"/directory/settings/{vacancy.SettingId}/edit", $"/directory/settings/{vacancy.SettingId}/contracts/new", $"/directory/settings/{vacancy.SettingId}/out-of-use/new",
                "/directory/lots/new", "/directory/import",
            ]),
        ];
    }

    private static bool IsSignOut(IHtmlFormElement form) => (form.GetAttribute("action") ?? "").EndsWith("/sign-out", StringComparison.Ordinal);

    /// <summary>An answer that turned the submission down: an error status, or the form again with a GOV.UK error summary.</summary>
    private static bool IsRefusal(HttpResponseMessage response, string body) =>
        (int)response.StatusCode is >= 400 and < 500 || body.Contains("govuk-error-summary", StringComparison.Ordinal);

    private static async Task<HttpResponseMessage> SubmitAsync(Browser browser, string pageUrl, IHtmlFormElement form, string payload)
    {
        var action = new Uri(new Uri("http://localhost" + pageUrl), form.GetAttribute("action") ?? "").PathAndQuery;
        var fields = Fields(form);
        var token = fields.Where(f => f.Name == "__RequestVerificationToken").Select(f => f.Value).FirstOrDefault();
        var hostile = fields.Where(f => f.Name != "__RequestVerificationToken").Select(f => (f.Name, f.IsFile)).Distinct().ToList();
        var isGet = string.Equals(form.Method, "get", StringComparison.OrdinalIgnoreCase);

        if (isGet)
        {
            var query = string.Join("&", hostile.Select(f => $"{Uri.EscapeDataString(f.Name)}={Encoded(payload)}"));
            return await browser.Client.GetAsync(action.Split('?')[0] + "?" + query);
        }

        if (string.Equals(form.Enctype, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var multipart = new MultipartFormDataContent();
            foreach (var (name, isFile) in hostile)
            {
                var bytes = payload == InvalidUtf8 ? [0xFF, 0xFE, 0xC0, 0xAF, 0x00] : Encoding.UTF8.GetBytes(payload);
                if (isFile)
                {
                    multipart.Add(new ByteArrayContent(bytes), name, "hostile.json");
                }
                else
                {
                    multipart.Add(new ByteArrayContent(bytes), name);
                }
            }

            if (token is not null)
            {
                multipart.Add(new StringContent(token), "__RequestVerificationToken");
            }

            return await browser.Client.PostAsync(action, multipart);
        }

        var body = string.Join("&", hostile.Select(f => $"{Uri.EscapeDataString(f.Name)}={Encoded(payload)}")
            .Append(token is null ? "" : "__RequestVerificationToken=" + Uri.EscapeDataString(token)));
        return await browser.Client.PostAsync(action, new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"));
    }

    /// <summary>The payload percent-encoded, or bytes that are not UTF-8 at all.</summary>
    private static string Encoded(string payload) => payload == InvalidUtf8 ? "%FF%FE%C0%AF%00" : Uri.EscapeDataString(payload);

    private static List<(string Name, string Value, bool IsFile)> Fields(IHtmlFormElement form) =>
        [.. form.Elements.OfType<IElement>()
            .Where(e => e.GetAttribute("name") is { Length: > 0 })
            .Select(e => (e.GetAttribute("name")!, e.GetAttribute("value") ?? "", e is IHtmlInputElement { Type: "file" }))];

    private static string Describe(IHtmlFormElement form) =>
        $"{form.Method.ToUpperInvariant()} {form.GetAttribute("action") ?? "(this page)"} [{string.Join(", ", Fields(form).Select(f => f.Name).Where(n => n != "__RequestVerificationToken").Distinct())}]";

    private static string Describe(string payload) => payload.Length > 40 ? $"{payload.Length} characters" : $"\"{payload}\"";

    /// <summary>
    /// Every row of every table the app's model maps, value by value, so that a refused submission that
    /// changes a row in place (a status, a cost, a flag) is caught as surely as one that adds a row.
    /// All but SignInFailures: a refused sign-in is recorded there on purpose, to pause a guesser.
    /// </summary>
    private Task<Dictionary<string, string>> SnapshotAsync() => factory.WithDbAsync(async db =>
    {
        var tables = db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null && e.ClrType != typeof(Core.Domain.SignInFailure)).Select(e => (Schema: e.GetSchema(), Name: e.GetTableName()!)).Distinct().OrderBy(t => t.Name);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var snapshot = new Dictionary<string, string>();
        foreach (var (schema, name) in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {(schema is null ? "" : $"\"{schema}\".")}\"{name}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i) switch
                {
                    byte[] bytes => Convert.ToHexString(bytes),
                    var value => Convert.ToString(value, CultureInfo.InvariantCulture),
                })));
            }

            // Rows in a stable order whatever order the database returns them in.
            rows.Sort(StringComparer.Ordinal);
            snapshot[name] = string.Join("\n", rows);
        }

        return snapshot;
    });

    /// <summary>The tables whose rows differ between two snapshots.</summary>
    private static List<string> Changed(Dictionary<string, string> before, Dictionary<string, string> after) =>
        [.. before.Keys.Union(after.Keys).Where(table => before.GetValueOrDefault(table) != after.GetValueOrDefault(table)).Order()];
}
