using System.Net;
using AngleSharp.Html.Dom;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Security;

/// <summary>
/// Wrong passwords pause sign-in for the address that made them, the same way whether or not the
/// account exists; only a flood from many addresses pauses the account for everyone. Callers'
/// addresses come through a configured proxy's X-Forwarded-For. Each test has its own account.
/// </summary>
public sealed class SignInLockoutTests : IDisposable
{
    private const string Paused = "Your account is locked after too many failed attempts. Try again in 15 minutes";
    private const string Wrong = "Enter a correct email address and password";
    private const string Guesser = "203.0.113.66";

    private readonly BrokerageWebFactory _factory = new()
    {
        Settings = new Dictionary<string, string> { ["Brokerage:Proxy:KnownNetworks:0"] = "10.0.0.0/8" },
    };

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task FiveWrongPasswords_PauseTheGuessersAddress_ButTheAssistantDirectorStillSignsInFromTheirs()
    {
        const string email = TestUsers.AssistantDirector;
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(Wrong, await SignInAsync(email, "not the password " + i, Guesser));
        }

        // The right password from the guesser's address is not even checked.
        Assert.Equal(Paused, await SignInAsync(email, TestUsers.Password, Guesser));
        // The assistant director, elsewhere, is not locked out by a stranger.
        Assert.Null(await SignInAsync(email, TestUsers.Password, "198.51.100.7"));
        Assert.Null(await _factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.LockoutEnd).SingleAsync()));

        // The pause ends by itself once the guesses are 15 minutes old.
        _factory.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Null(await SignInAsync(email, TestUsers.Password, Guesser));
    }

    [Fact]
    public async Task AnAddressWithNoAccount_AnswersExactlyAsOneWithAnAccount()
    {
        const string stranger = "no-such-person@ambershire.example";
        const string real = TestUsers.SecondBroker;

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(await SignInAsync(real, "wrong " + i, Guesser), await SignInAsync(stranger, "wrong " + i, Guesser));
        }

        Assert.Equal(Paused, await SignInAsync(real, "wrong again", Guesser));
        Assert.Equal(Paused, await SignInAsync(stranger, "wrong again", Guesser));
        // Neither address is stored as typed, nor the caller's address.
        var keys = await _factory.WithDbAsync(db => db.SignInFailures.Select(f => f.AccountKey + " " + f.AddressKey).ToListAsync());
        Assert.All(keys, k => Assert.DoesNotContain("@", k, StringComparison.Ordinal));
        Assert.All(keys, k => Assert.DoesNotContain(Guesser, k, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FiftyWrongPasswordsFromManyAddresses_PauseTheAccountEverywhere()
    {
        const string email = TestUsers.Commissioner;
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(Wrong, await SignInAsync(email, "guess " + i, $"192.0.2.{i + 1}"));
        }

        Assert.Equal(Paused, await SignInAsync(email, TestUsers.Password, "198.51.100.8"));
        // Another account is untouched.
        Assert.Null(await SignInAsync(TestUsers.Broker, TestUsers.Password, "198.51.100.8"));
    }

    /// <summary>The error the sign-in form shows, or null when it signed in.</summary>
    private async Task<string?> SignInAsync(string email, string password, string address)
    {
        var browser = Browser.For(_factory);
        browser.Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        var response = await browser.SubmitAsync("/sign-in", new() { ["Email"] = email, ["Password"] = password });
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        IHtmlDocument page = await Browser.ParseAsync(response);
        return page.QuerySelector(".govuk-error-summary__list li")?.TextContent.Trim();
    }
}
