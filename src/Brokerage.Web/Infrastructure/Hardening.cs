using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Identity;
using Brokerage.Core.Jobs;
using Brokerage.Core.Notifications;
using Brokerage.Core.Rules;
using Hangfire;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Infrastructure;

/// <summary>Requests allowed per minute before a client is told to slow down (HTTP 429).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Brokerage:RateLimits";

    /// <summary>Sign-in attempts per minute from one address.</summary>
    public int SignInPerMinute { get; set; } = 10;

    /// <summary>Form posts per minute by one provider user.</summary>
    public int ProviderFormsPerMinute { get; set; } = 30;

    /// <summary>API calls per minute by one API client (by its key, once the key is known to be valid).</summary>
    public int ApiPerMinute { get; set; } = 300;

    /// <summary>
    /// API calls per minute from one address that send no key or a key that is not valid: enough for a
    /// misconfigured system to see its 401s, too few to guess keys, and kept apart from every real client's allowance.
    /// </summary>
    public int ApiUnauthenticatedPerMinute { get; set; } = 20;
}

/// <summary>Security headers, rate limits and the health endpoint.</summary>
public static class Hardening
{
    // No inline script or style anywhere (the layout and GOV.UK Frontend need none), and no framing.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IServiceCollection AddBrokerageHardening(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) => TooManyRequestsAsync(context.HttpContext, "Wait a minute and try again.");
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var links = context.RequestServices.GetRequiredService<BrokerageLinks>();
                var path = context.Request.Path;
                var post = HttpMethods.IsPost(context.Request.Method);
                if (post && path.StartsWithSegments(links.SignIn()))
                {
                    return Window("sign-in:" + ClientAddress.Key(context.Connection.RemoteIpAddress?.ToString()), limits.SignInPerMinute);
                }

                if (post && path.StartsWithSegments(links.ProviderArea()))
                {
                    return Window("provider:" + (context.User.Identity?.Name ?? context.Connection.RemoteIpAddress?.ToString()), limits.ProviderFormsPerMinute);
                }

                if (path.StartsWithSegments("/api"))
                {
                    // A valid key has an allowance of its own that nothing another caller sends can use up;
                    // anything else shares its address's (small) allowance.
                    return ApiClientIdentity.ClientIdOf(context) is { } clientId
                        ? Window("api-client:" + clientId, limits.ApiPerMinute)
                        : Window("api-unauthenticated:" + ClientAddress.Key(context.Connection.RemoteIpAddress?.ToString()), limits.ApiUnauthenticatedPerMinute);
                }

                return RateLimitPartition.GetNoLimiter("none");
            });
        });
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<RuleFilesHealthCheck>("rule files")
            .AddCheck<JobServerHealthCheck>("job server")
            .AddCheck<OutboxHealthCheck>("outbox")
            .AddCheck<SweepsHealthCheck>("deadline sweeps");
        services.AddSingleton(sp => new AppStart(sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime));
        services.AddSingleton<RuleFilesVerdict>();
        return services;
    }

    /// <summary>
    /// The one answer to a caller over a limit: 429 with Retry-After. The API gets problem details;
    /// a page is left empty, so that the GOV.UK error page for 429 is shown.
    /// </summary>
    public static async ValueTask TooManyRequestsAsync(HttpContext context, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = "60";
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(statusCode: 429, title: "Too many requests", detail: detail).ExecuteAsync(context);
        }
    }

    private static RateLimitPartition<string> Window(string key, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, perMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    /// <summary>
    /// Behind the configured proxies (<see cref="ProxyOptions"/>), takes the client's address and
    /// scheme from X-Forwarded-For and X-Forwarded-Proto, so that limits count real clients and a
    /// proxy that ends TLS still gets Secure cookies and HSTS. Goes first in the pipeline.
    /// </summary>
    public static WebApplication UseBrokerageForwardedHeaders(this WebApplication app)
    {
        var proxy = app.Services.GetRequiredService<IOptions<BrokerageOptions>>().Value.Proxy;
        if (!proxy.IsConfigured)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = proxy.ForwardLimit,
        };
        // Only the configured proxies, not ASP.NET Core's default of this machine.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var address in proxy.KnownProxies)
        {
            options.KnownProxies.Add(System.Net.IPAddress.Parse(address.Trim()));
        }

        foreach (var network in proxy.KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
        }

        app.UseForwardedHeaders(options);
        return app;
    }

    public static WebApplication UseBrokerageSecurityHeaders(this WebApplication app)
    {
        var jobDashboard = app.Services.GetRequiredService<BrokerageLinks>().JobDashboard();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            // The Hangfire dashboard (admins only) is a third-party page built on inline script.
            if (!context.Request.Path.StartsWithSegments(jobDashboard))
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            }

            await next();
        });
        return app;
    }

    public static WebApplication MapBrokerageHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            ResponseWriter = async (context, report) =>
            {
                context.Response.ContentType = "application/json";
                // Anyone may ask whether the service is up; only an operator is told what is behind it
                // (versions, counts, file errors).
                if (!Observability.IsOperator(context))
                {
                    await JsonSerializer.SerializeAsync(context.Response.Body, new { status = report.Status.ToString() });
                    return;
                }

                await JsonSerializer.SerializeAsync(context.Response.Body, new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
                });
            },
        }).DisableRateLimiting();
        return app;
    }

    private sealed class DatabaseHealthCheck(BrokerageDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await db.Database.CanConnectAsync(cancellationToken) ? HealthCheckResult.Healthy("Connected") : HealthCheckResult.Unhealthy("Cannot connect to the database");
    }

    /// <summary>
    /// Reports a reload that was refused (the last good rules still running). Compares the files on
    /// disk with the running rules by their text's hash, which costs next to nothing; only files that differ are loaded (compiled) to say whether a reload would take them,
    /// and that verdict is kept until the files change again, so calling /health often costs no CPU.
    /// </summary>
    private sealed class RuleFilesHealthCheck(RuleSetSource rules, RuleFilesVerdict verdict, BrokerageLinks links) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var running = rules.Current;
            if (rules.LastReload is { Succeeded: false } refused)
            {
                return Task.FromResult(HealthCheckResult.Degraded(refused.Summary));
            }

            string onDisk;
            try
            {
                onDisk = RuleSet.VersionOf(rules.Directory);
            }
            catch (RuleFileException ex)
            {
                return Task.FromResult(Broken(running, ex));
            }

            return Task.FromResult(onDisk == running.Version
                ? HealthCheckResult.Healthy($"Rules version {running.Version}")
                : verdict.For(onDisk, () =>
                {
                    try
                    {
                        RuleSet.Load(rules.Directory);
                        return HealthCheckResult.Degraded($"Running {running.Version}; the files on disk are {onDisk}: reload them at {links.RuleFiles()}");
                    }
                    catch (RuleFileException ex)
                    {
                        return Broken(running, ex);
                    }
                }));
        }

        private static HealthCheckResult Broken(RuleSet running, RuleFileException ex) =>
            HealthCheckResult.Unhealthy($"Running {running.Version}, but {ex.Message}: a reload will keep the running rules and the next restart will fail");
    }

    /// <summary>The last verdict on rule files that differ from the running ones, by their version.</summary>
    public sealed class RuleFilesVerdict
    {
        private (string Version, HealthCheckResult Result)? _last;

        public HealthCheckResult For(string version, Func<HealthCheckResult> judge)
        {
            var last = _last;
            if (last is { } known && known.Version == version)
            {
                return known.Result;
            }

            var result = judge();
            _last = (version, result);
            return result;
        }
    }

    /// <summary>
    /// Emails waiting to be sent: Degraded when too many wait or the oldest has waited too long,
    /// which is how a mail server that has stopped answering shows before anyone complains.
    /// </summary>
    private sealed class OutboxHealthCheck(BrokerageDbContext db, IOptions<EmailOptions> options, TimeProvider time) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var waiting = db.OutboxMessages.Where(m => m.Status == OutboxStatus.Pending);
            var count = await waiting.CountAsync(cancellationToken);
            var oldest = count == 0 ? (DateTime?)null : await waiting.MinAsync(m => m.CreatedAt, cancellationToken);
            var minutes = oldest is { } queuedAt ? (int)(time.GetUtcNow().UtcDateTime - queuedAt).TotalMinutes : 0;
            var description = string.Create(CultureInfo.InvariantCulture, $"{count} waiting, the oldest for {minutes} minutes");
            var limits = options.Value;
            return count > limits.HealthBacklog || minutes >= limits.HealthOldestWaitingMinutes
                ? HealthCheckResult.Degraded(description)
                : HealthCheckResult.Healthy(description);
        }
    }

    /// <summary>When this app started: a sweep that has not run yet is late only once its limit has passed since then.</summary>
    public sealed record AppStart(DateTime At);

    /// <summary>
    /// Degraded when a deadline sweep has not finished, on any node, within
    /// <see cref="JobSchedules.HealthSweepLateMinutes"/>: the chases and escalations a waiting child
    /// depends on have stopped, whatever the job server's heartbeat says.
    /// </summary>
    private sealed class SweepsHealthCheck(BrokerageDbContext db, IOptions<BrokerageOptions> options, AppStart start, TimeProvider time) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var limit = TimeSpan.FromMinutes(options.Value.Jobs.HealthSweepLateMinutes);
            var late = (await db.LateAsync(now - limit, cancellationToken))
                .Where(s => s.LastSucceededAt is not null || now - start.At >= limit)
                .ToList();
            return late.Count == 0
                ? HealthCheckResult.Healthy("Every deadline sweep has finished within " + Display.Count(limit.TotalMinutes, "minute"))
                : HealthCheckResult.Degraded("Late: " + string.Join(", ", late.Select(s => s.LastSucceededAt is { } at
                    ? string.Create(CultureInfo.InvariantCulture, $"{s.Name} (last finished {(int)(now - at).TotalMinutes} minutes ago)")
                    : $"{s.Name} (not finished since start-up)")));
        }
    }

    private sealed class JobServerHealthCheck(IOptions<BrokerageOptions> options, JobStorage storage) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (!options.Value.RunJobs)
            {
                return Task.FromResult(HealthCheckResult.Healthy("This node runs no job server (Brokerage:RunJobs is false)"));
            }

            // This app's own storage, not Hangfire's process-wide JobStorage.Current.
            var servers = storage.GetMonitoringApi().Servers();
            return Task.FromResult(servers.Count > 0
                ? HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"{servers.Count} job server(s), last heartbeat {servers.Max(s => s.Heartbeat):u}"))
                : HealthCheckResult.Unhealthy("No job server is running"));
        }
    }
}
