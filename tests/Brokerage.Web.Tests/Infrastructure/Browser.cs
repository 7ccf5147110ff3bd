using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Brokerage.Web.Tests.Infrastructure;

/// <summary>A cookie-keeping client that reads pages and posts forms the way a browser would.</summary>
public sealed class Browser(HttpClient client)
{
    public const string DemoPassword = TestUsers.Password;

    public HttpClient Client { get; } = client;

    public static Browser For(BrokerageWebFactory factory) =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public static async Task<Browser> SignedInAsync(BrokerageWebFactory factory, string email, string password = TestUsers.Password)
    {
        var browser = For(factory);
        var response = await browser.SubmitAsync("/sign-in", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    public async Task<(HttpResponseMessage Response, IHtmlDocument Document)> GetAsync(string url)
    {
        var response = await Client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        return (response, new HtmlParser().ParseDocument(html));
    }

    /// <summary>Loads the page, takes the antiforgery token from its form, and posts the fields.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string url, Dictionary<string, string> fields, string? postUrl = null, IEnumerable<KeyValuePair<string, string>>? repeated = null)
    {
        var (_, page) = await GetAsync(url);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException("No antiforgery token on " + url);
        var body = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Concat(repeated ?? []).Append(new("__RequestVerificationToken", token));
        return await Client.PostAsync(postUrl ?? url, new FormUrlEncodedContent(body));
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
}
