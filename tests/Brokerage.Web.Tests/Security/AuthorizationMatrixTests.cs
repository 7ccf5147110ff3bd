using System.Net;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Security;

/// <summary>
/// Every page and API area against every role and anonymous, with the expected answer written
/// down in one table. A new page must be added here, or this test says so.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class AuthorizationMatrixTests(BrokerageWebFactory factory)
{
    private const string A = "anonymous", B = "broker", D = "assistant director", C = "commissioner", M = "admin", P = "provider";

    // Who may open each page; everyone else is sent to sign in (anonymous) or told access is denied.
    // {broker} stands for the broker's user id, which is made afresh with each database.
    private static readonly (string Url, string[] Allowed)[] Pages =
    [
        ("/sign-in", [A, B, D, C, M, P]),
        ("/account/two-factor", [B, D, C, M, P]),
        ("/health", [A, B, D, C, M, P]),
        ("/requests", [B]),
        ("/requests/new", [B]),
        ("/requests/1", [B]),
        ("/requests/1/offers", [B]),
        ("/vacancies", [B]),
        ("/approvals", [B, D, C, M]),
        ("/approvals/register", [B, D, C, M]),
        ("/reports/planning-forum", [B, D, C, M]),
        ("/reports/sufficiency", [D, C, M]),
        ("/reports/sufficiency/timeliness", [D, C, M]),
        ("/allocation", [D, C, M]),
        ("/allocation/national-transfer-rota", [D, C, M]),
        ("/admin/users", [M]),
        ("/admin/users/{broker}", [M]),
        ("/admin/users/new", [M]),
        ("/admin/outbox", [M]),
        ("/admin/api-clients", [M]),
        ("/admin/audit", [M]),
        ("/admin/calendar", [M]),
        ("/admin/rules", [M]),
        ("/provider/referrals", [P]),
        ("/provider/vacancies", [P]),
        ("/provider/vacancies/new", [P]),
        ("/provider/searches", [P]),
        ("/provider/settings", [P]),
        ("/provider/contacts", [P]),
        ("/provider/staff", [P]),
        ("/directory", [C]),
        ("/directory/providers/new", [C]),
        ("/directory/providers/2", [C]),
        ("/directory/providers/2/edit", [C]),
        ("/directory/providers/2/settings/new", [C]),
        ("/directory/settings/1", [C]),
        ("/directory/settings/1/edit", [C]),
        ("/directory/settings/1/contracts/new", [C]),
        ("/directory/settings/1/out-of-use/new", [C]),
        ("/directory/lots", [C]),
        ("/directory/lots/new", [C]),
        ("/directory/import", [C]),
    ];

    [Fact]
    public async Task EveryPage_AllowsExactlyTheRolesInTheTable()
    {
        var provider = await factory.WithDbAsync(db => db.Providers.OrderBy(p => p.Id).Select(p => p.ReferralEmail).FirstAsync());
        var users = new Dictionary<string, string?>
        {
            [A] = null, [B] = TestUsers.Broker, [D] = TestUsers.AssistantDirector, [C] = TestUsers.Commissioner, [M] = TestUsers.Admin, [P] = provider,
        };
        var brokerId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == TestUsers.Broker).Select(u => u.Id).SingleAsync());
        var failures = new List<string>();
        foreach (var (role, email) in users)
        {
            var browser = email is null ? Browser.For(factory) : await Browser.SignedInAsync(factory, email);
            foreach (var (url, allowed) in Pages)
            {
                var (response, _) = await browser.GetAsync(url.Replace("{broker}", brokerId, StringComparison.Ordinal));
                var expected = allowed.Contains(role) ? "200" : role == A ? "sign in" : "access denied";
                var actual = response.StatusCode == HttpStatusCode.OK ? "200"
                    : response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.AbsolutePath.StartsWith("/sign-in", StringComparison.Ordinal) ? "sign in"
                    : response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.AbsolutePath.StartsWith("/access-denied", StringComparison.Ordinal) ? "access denied"
                    : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (expected != actual)
                {
                    failures.Add($"{role} {url}: expected {expected}, got {actual}");
                }
            }

            // The job dashboard answers for itself: 401 without a sign-in, 403 for anyone but an admin.
            var (jobs, _) = await browser.GetAsync("/admin/jobs");
            var expectedJobs = role == M ? HttpStatusCode.OK : role == A ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
            if (jobs.StatusCode != expectedJobs)
            {
                failures.Add($"{role} /admin/jobs: expected {expectedJobs}, got {jobs.StatusCode}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task EachApiKeyReachesOnlyItsOwnApi()
    {
        async Task<HttpStatusCode> GetAsync(string url, string? key)
        {
            var client = factory.CreateClient();
            if (key is not null)
            {
                client.DefaultRequestHeaders.Add("X-Api-Key", key);
            }

            return (await client.GetAsync(url)).StatusCode;
        }

        var council = Brokerage.Web.Infrastructure.Startup.DemoApiKey;
        var provider = Brokerage.Web.Infrastructure.Startup.DemoProviderApiKey;
        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.Unauthorized],
            [
                await GetAsync("/api/v1/localities", null), await GetAsync("/api/v1/localities", council), await GetAsync("/api/v1/localities", provider),
                await GetAsync("/api/v1/provider/vacancies", null), await GetAsync("/api/v1/provider/vacancies", council), await GetAsync("/api/v1/provider/vacancies", provider),
                await GetAsync("/api/v1/localities", "brk_not_a_real_key"),
            ]);
    }
}
