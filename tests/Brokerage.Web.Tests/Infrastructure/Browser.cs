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

    /// <summary>What a browser would post from the form holding <paramref name="submitSelector"/>: every named field as the page filled it in.</summary>
    public static List<KeyValuePair<string, string>> FormValues(IHtmlDocument page, string submitSelector)
    {
        var form = page.QuerySelectorAll("form").First(f => f.QuerySelector(submitSelector) is not null);
        var values = new List<KeyValuePair<string, string>>();
        foreach (var field in form.QuerySelectorAll("input[name], select[name], textarea[name]"))
        {
            var name = field.GetAttribute("name")!;
            switch (field)
            {
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked)
                    {
                        values.Add(new(name, input.Value));
                    }

                    break;
                case IHtmlInputElement input:
                    values.Add(new(name, input.Value));
                    break;
                case IHtmlSelectElement select:
                    values.Add(new(name, select.SelectedOptions.FirstOrDefault()?.Value ?? ""));
                    break;
                case IHtmlTextAreaElement textarea:
                    values.Add(new(name, textarea.Value));
                    break;
            }
        }

        return values;
    }

    /// <summary>Posts fields to a form's page as they are, with no antiforgery token added (<paramref name="fields"/> carries the page's own).</summary>
    public Task<HttpResponseMessage> PostAsync(string url, IEnumerable<KeyValuePair<string, string>> fields) =>
        Client.PostAsync(url, new FormUrlEncodedContent(fields));

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
}
