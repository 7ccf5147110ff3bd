using System.Reflection;
using Brokerage.Core.Common;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Web.Tests.Infrastructure;

/// <summary>
/// Every address <see cref="BrokerageLinks"/> builds reaches a Razor page of the running app, so a
/// page that moves without its link (or a link typed wrong) fails here rather than in an email.
/// </summary>
public sealed class LinkTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    /// <summary>
    /// Links to something other than a Razor page: Hangfire's dashboard is mounted by the app itself,
    /// the provider area is a folder the rate limit covers, and the vacancy API is the API's
    /// (its own tests follow that link).
    /// </summary>
    private static readonly string[] NotPages = [nameof(BrokerageLinks.JobDashboard), nameof(BrokerageLinks.ProviderArea), nameof(BrokerageLinks.ProviderApiVacancy)];

    [Fact]
    public void EveryLink_ReachesARazorPage()
    {
        var pages = PageRoutes();
        var links = EveryLink(new BrokerageLinks("https://brokerage.example")).Where(l => !NotPages.Contains(l.Method)).ToList();

        var unreached = links.Where(l => !pages.Any(page => page.Matches(PathOf(l.Path)))).Select(l => $"{l.Method}: {l.Path}").ToList();

        Assert.True(links.Count >= 40, $"Only {links.Count} links were found: is the reflection still finding BrokerageLinks' methods?");
        Assert.Empty(unreached);
    }

    [Theory]
    [InlineData("/requestz/1")]
    [InlineData("/requests/x/offers")]
    [InlineData("/admin/outbox/x")]
    [InlineData("/requests/1/offers/1/approval/extra")]
    public void APathNoPageServes_ReachesNoPage(string path)
    {
        // The check above is only as good as this: a misspelt segment, a word where a number goes, a segment too many.
        Assert.DoesNotContain(PageRoutes(), page => page.Matches(path));
    }

    [Theory]
    [InlineData("https://brokerage.example")]
    [InlineData("https://brokerage.example/")]
    [InlineData("https://council.example/brokerage/")]
    public void Absolute_PutsOneSlashBetweenTheBaseAndEveryPath(string baseUrl)
    {
        var links = new BrokerageLinks(baseUrl);

        foreach (var (method, path) in EveryLink(links))
        {
            var url = links.Absolute(path);
            Assert.StartsWith(baseUrl.TrimEnd('/') + "/" + path.TrimStart('/'), url, StringComparison.Ordinal);
            Assert.False(url["https://".Length..].Contains("//", StringComparison.Ordinal), $"{method}: {url}");
            Assert.True(Uri.IsWellFormedUriString(url, UriKind.Absolute), $"{method}: {url}");
        }
    }

    /// <summary>
    /// Each public method of <see cref="BrokerageLinks"/> that makes a path, called with sample
    /// arguments: whole numbers 1, text "x" (a report or model key "key"), dates left out.
    /// </summary>
    private static IEnumerable<(string Method, string Path)> EveryLink(BrokerageLinks links)
    {
        var methods = typeof(BrokerageLinks).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.ReturnType == typeof(string) && m.Name != nameof(BrokerageLinks.Absolute));
        foreach (var method in methods)
        {
            var arguments = method.GetParameters().Select(p => Sample(method, p)).ToArray();
            yield return (method.Name, (string)method.Invoke(links, arguments)!);
        }
    }

    private static object? Sample(MethodInfo method, ParameterInfo parameter) => parameter.ParameterType switch
    {
        var t when t == typeof(int) || t == typeof(int?) => 1,
        var t when t == typeof(string) => parameter.Name == "key" ? "key" : "x",
        var t when t == typeof(DateOnly?) => null,
        var t => throw new InvalidOperationException($"No sample value for {method.Name}'s {t.Name} {parameter.Name}: add one to {nameof(Sample)}"),
    };

    private static string PathOf(string link) => link.Split('?', '#')[0];

    /// <summary>The routes of the app's Razor pages, with their constraints ({id:int}).</summary>
    private List<PageRoute> PageRoutes()
    {
        _ = factory.Server; // Starts the app, so its pages are mapped.
        var services = factory.Services;
        var policies = services.GetRequiredService<ParameterPolicyFactory>();
        var routes = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => new PageRoute(e.RoutePattern, policies))
            .ToList();
        Assert.NotEmpty(routes);
        return routes;
    }

    private sealed class PageRoute(RoutePattern pattern, ParameterPolicyFactory policies)
    {
        private readonly TemplateMatcher _matcher = new(TemplateParser.Parse(pattern.RawText ?? ""), new RouteValueDictionary(pattern.Defaults));

        public bool Matches(string path)
        {
            var values = new RouteValueDictionary();
            if (!_matcher.TryMatch(path, values))
            {
                return false;
            }

            // The matcher reads the template's shape only; the constraints are checked here.
            return pattern.Parameters.All(parameter => parameter.ParameterPolicies.All(reference =>
                policies.Create(parameter, reference) is not IRouteConstraint constraint
                || (parameter.IsOptional && !values.ContainsKey(parameter.Name))
                || constraint.Match(null, null, parameter.Name, values, RouteDirection.IncomingRequest)));
        }

        public override string ToString() => pattern.RawText ?? "";
    }
}
