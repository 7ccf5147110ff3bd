using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Brokerage.Core.ApiClients;
using Brokerage.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Infrastructure;

/// <summary>Authenticates case-management systems by an API key in the X-Api-Key header.</summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiClientService clients)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string ClientIdClaim = "brokerage:api_client";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
        {
            return AuthenticateResult.NoResult();
        }

        var client = await clients.AuthenticateAsync(values.ToString().Trim(), Context.RequestAborted);
        if (client is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "api:" + client.Name), new Claim(ClaimTypes.Email, "api:" + client.Name), new Claim(ClientIdClaim, client.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            SchemeName);
        if (client.ProviderId is { } providerId)
        {
            identity.AddClaim(new Claim(BrokerageClaims.ProviderId, providerId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Results.Problem(statusCode: 401, title: "Unauthorized", detail: $"Send a valid API key in the {Header} header.").ExecuteAsync(Context);
    }
}

/// <summary>
/// Works out which API client a request comes from before the rate limiter partitions it, so that the
/// limit is per client and not per anything a caller chooses to send.
/// </summary>
public static class ApiClientIdentity
{
    private const string ItemKey = "brokerage:api-client-id";

    /// <summary>The id of the API client whose valid key the request carries, or null.</summary>
    public static string? ClientIdOf(HttpContext context) => context.Items[ItemKey] as string;

    /// <summary>
    /// Authenticates an API request's key once (the handler keeps the result for the endpoint's own
    /// authorization). An address that has sent <see cref="RateLimitOptions.ApiUnauthenticatedPerMinute"/>
    /// wrong keys this minute is answered 429 without its key being looked up, so that guessing costs
    /// no database work and a right guess cannot be told from a wrong one. Goes after
    /// UseAuthentication and before UseRateLimiter.
    /// </summary>
    public static WebApplication UseBrokerageApiClientIdentity(this WebApplication app)
    {
        var limits = app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var wrongKeys = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(
            address, _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.ApiUnauthenticatedPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        app.Lifetime.ApplicationStopped.Register(wrongKeys.Dispose);
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api") && context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header))
            {
                var address = ClientAddress.Key(context.Connection.RemoteIpAddress?.ToString());
                using (var left = wrongKeys.AttemptAcquire(address, 0))
                {
                    if (!left.IsAcquired)
                    {
                        await Hardening.TooManyRequestsAsync(context, "Too many wrong API keys from this address. Wait a minute and try again.");
                        return;
                    }
                }

                var result = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
                if (result.Succeeded)
                {
                    context.Items[ItemKey] = result.Principal.FindFirstValue(ApiKeyAuthenticationHandler.ClientIdClaim);
                }
                else
                {
                    wrongKeys.AttemptAcquire(address, 1).Dispose();
                }
            }

            await next();
        });
        return app;
    }
}
