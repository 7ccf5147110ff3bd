using System.Globalization;
using System.Text;
using Brokerage.Core.Notifications;
using Microsoft.Extensions.Options;

namespace Brokerage.Core.Common;

/// <summary>
/// Every address in the product, in one place. Page redirects, links on pages and links in
/// emails are all built here and nowhere else, so a page that moves is moved once. Paths are
/// site-relative; <see cref="Absolute"/> turns one into the full address an email needs, from
/// <c>Email:BaseUrl</c>. A test checks that every path here reaches a page.
/// </summary>
public sealed class BrokerageLinks
{
    private readonly string baseUrl;

    public BrokerageLinks(string baseUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseUrl);
        this.baseUrl = baseUrl.TrimEnd('/');
    }

    public BrokerageLinks(IOptions<EmailOptions> email)
        : this(email.Value.BaseUrl)
    {
    }

    /// <summary>The full address of a path, for an email: one slash between the base and the path, whatever the settings say.</summary>
    public string Absolute(string path) => baseUrl + "/" + path.TrimStart('/');

    public string Home() => "/";

    /// <param name="returnUrl">Where to go once signed in; the sign-in page follows it only when it is local.</param>
    public string SignIn(string? returnUrl = null) => Query("/sign-in", ("ReturnUrl", returnUrl));

    /// <summary>The second step of signing in, for a user with an authenticator app.</summary>
    public string TwoFactorSignIn(string? returnUrl = null) => Query("/sign-in/two-factor", ("ReturnUrl", returnUrl));

    /// <summary>The second step of signing in with a recovery code instead of the app.</summary>
    public string RecoveryCodeSignIn(string? returnUrl = null) => Query("/sign-in/recovery-code", ("ReturnUrl", returnUrl));

    public string SignOut() => "/sign-out";

    /// <summary>Where a new person sets their password, from the link in their invitation.</summary>
    public string Invitation(string token) => $"/account/invitation/{Uri.EscapeDataString(token)}";

    public string AccessDenied() => "/access-denied";

    /// <summary>The error page; the status code follows as a path segment (<c>/error/404</c>).</summary>
    public string Error(int? statusCode = null) => statusCode is null ? "/error" : $"/error/{statusCode}";

    /// <summary>The user's own two-factor sign-in settings.</summary>
    public string TwoFactor(string? returnUrl = null) => Query("/account/two-factor", ("ReturnUrl", returnUrl));

    // The broker's journey.
    public string Requests() => "/requests";

    public string NewRequest() => "/requests/new";

    public string Request(int requestId) => $"/requests/{requestId}";

    public string EditRequest(int requestId) => $"/requests/{requestId}/edit";

    public string WithdrawRequest(int requestId) => $"/requests/{requestId}/withdraw";

    public string WithdrawReferral(int requestId, int referralId) => $"/requests/{requestId}/referrals/{referralId}/withdraw";

    public string RecordArrival(int requestId) => $"/requests/{requestId}/placement/arrival";

    public string RecordDidNotStart(int requestId) => $"/requests/{requestId}/placement/did-not-start";

    public string EndPlacement(int requestId) => $"/requests/{requestId}/placement/end";

    public string ChangeWeeklyCost(int requestId) => $"/requests/{requestId}/placement/cost";

    public string Placements() => "/placements";

    public string MatchingResults(int requestId, int runId) => $"/requests/{requestId}/matching/{runId}";

    public string ExceptionalReferral(int requestId, int runId, int settingId) => $"/requests/{requestId}/matching/{runId}/exceptional/{settingId}";

    public string Offers(int requestId) => $"/requests/{requestId}/offers";

    public string AskForApproval(int requestId, int offerId) => $"/requests/{requestId}/offers/{offerId}/approval";

    public string Placement(int requestId) => $"/requests/{requestId}/placement";

    public string PlacementRecordPdf(int requestId) => Query(Placement(requestId), ("handler", "Record"));

    // Assistant directors.
    public string Approvals() => "/approvals";

    public string Approval(int approvalId) => $"/approvals/{approvalId}";

    public string DecisionRecordPdf(int approvalId, int version) =>
        Query(Approval(approvalId), ("handler", "Record"), ("version", version.ToString(CultureInfo.InvariantCulture)));

    public string UnregulatedRegister() => "/approvals/register";

    // Vacancies, for brokers.
    public string Vacancies() => "/vacancies";

    public string Vacancy(int vacancyId) => $"/vacancies/{vacancyId}";

    // Providers.

    /// <summary>The folder every provider page is under.</summary>
    public string ProviderArea() => "/provider";
    public string ProviderReferrals() => "/provider/referrals";

    public string ProviderReferral(int referralId) => $"/provider/referrals/{referralId}";

    public string ProviderVacancies() => "/provider/vacancies";

    public string NewProviderVacancy() => "/provider/vacancies/new";

    public string ProviderSearches() => "/provider/searches";

    /// <summary>A provider's own settings: places, places out of use, and its contacts.</summary>
    public string ProviderSettings() => "/provider/settings";

    public string ProviderPlacesOutOfUse(int settingId) => $"/provider/settings/{settingId}/out-of-use/new";

    public string ProviderContacts() => "/provider/contacts";

    public string ProviderSearch(int requestId) => $"/provider/searches/{requestId}";

    /// <summary>A partner authority's answer page, reached through the secret emailed to it.</summary>
    public string SchemeOffer(string secret) => $"/scheme/offers/{Uri.EscapeDataString(secret)}";

    // Reports and models.
    public string PlanningForum() => "/reports/planning-forum";

    public string PlanningForumPdf() => Query(PlanningForum(), ("handler", "Pdf"));

    public string SufficiencyReports(DateOnly? from = null, DateOnly? to = null, string? handler = null) =>
        Query("/reports/sufficiency", [("handler", handler), .. Period(from, to)]);

    public string SufficiencyReport(string key, DateOnly? from = null, DateOnly? to = null, string? handler = null) =>
        Query($"/reports/sufficiency/{Uri.EscapeDataString(key)}", [("handler", handler), .. Period(from, to)]);

    public string AllocationModels() => "/allocation";

    // ----- The directory of providers, settings, contracts and framework lots (commissioners) -----
    public string Directory() => "/directory";

    public string DirectoryProvider(int providerId) => $"/directory/providers/{providerId}";

    public string NewDirectoryProvider() => "/directory/providers/new";

    public string EditDirectoryProvider(int providerId) => $"/directory/providers/{providerId}/edit";

    public string DirectorySetting(int settingId) => $"/directory/settings/{settingId}";

    public string NewDirectorySetting(int providerId) => $"/directory/providers/{providerId}/settings/new";

    public string EditDirectorySetting(int settingId) => $"/directory/settings/{settingId}/edit";

    public string NewContract(int settingId) => $"/directory/settings/{settingId}/contracts/new";

    public string EditContract(int settingId, int contractId) => $"/directory/settings/{settingId}/contracts/{contractId}/edit";

    public string NewPlacesOutOfUse(int settingId) => $"/directory/settings/{settingId}/out-of-use/new";

    public string FrameworkLots() => "/directory/lots";

    public string NewFrameworkLot() => "/directory/lots/new";

    public string EditFrameworkLot(int lotId) => $"/directory/lots/{lotId}/edit";

    public string DirectoryImport() => "/directory/import";

    public string AllocationModel(string key, int? datasetId = null, string? handler = null) =>
        Query($"/allocation/{Uri.EscapeDataString(key)}", ("handler", handler), ("DatasetId", datasetId?.ToString(CultureInfo.InvariantCulture)));

    // Administration.
    public string AdminUsers() => "/admin/users";

    public string NewAdminUser() => "/admin/users/new";

    /// <summary>A provider's own admin: their organisation's staff.</summary>
    public string ProviderStaff() => "/provider/staff";

    public string AdminUser(string userId) => $"/admin/users/{Uri.EscapeDataString(userId)}";

    public string Outbox() => "/admin/outbox";

    public string OutboxMessage(int messageId) => $"/admin/outbox/{messageId}";

    public string ApiClients() => "/admin/api-clients";

    /// <summary>The audit trail, searched: the page of results, or the whole search as CSV with handler "Csv".</summary>
    public string Audit(string? text = null, string? reference = null, DateOnly? from = null, DateOnly? to = null, int? page = null, string? handler = null) =>
        Query("/admin/audit", [("handler", handler), ("Text", text), ("Reference", reference), .. Period(from, to), ("p", page?.ToString(CultureInfo.InvariantCulture))]);

    public string Calendar() => "/admin/calendar";

    public string RuleFiles() => "/admin/rules";

    public string JobDashboard() => "/admin/jobs";

    // The API: not pages, but the addresses its responses point to.
    public string ProviderApiVacancy(int vacancyId) => $"/api/v1/provider/vacancies/{vacancyId}";

    /// <summary>A path with its query string; parameters without a value are left out.</summary>
    public static string Query(string path, params (string Name, string? Value)[] parameters)
    {
        var query = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            query.Append(query.Length == 0 ? '?' : '&')
                .Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return path + query;
    }

    /// <summary>A GOV.UK date input's three boxes as query parameters, so a report's period can be bookmarked.</summary>
    private static IEnumerable<(string, string?)> Period(DateOnly? from, DateOnly? to)
    {
        foreach (var (name, date) in new[] { ("From", from), ("To", to) })
        {
            yield return ($"{name}.Day", date?.Day.ToString(CultureInfo.InvariantCulture));
            yield return ($"{name}.Month", date?.Month.ToString(CultureInfo.InvariantCulture));
            yield return ($"{name}.Year", date?.Year.ToString(CultureInfo.InvariantCulture));
        }
    }
}
