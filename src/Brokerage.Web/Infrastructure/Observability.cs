using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Brokerage.Core.Common;
using Brokerage.Core.Identity;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Brokerage.Web.Infrastructure;

/// <summary>
/// Logs through Serilog that hold no personal data, and OpenTelemetry metrics for requests,
/// matching and the sweeps, scraped from <c>/metrics</c> or pushed over OTLP.
/// </summary>
public static class Observability
{
    public const string MetricsPath = "/metrics";

    private const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    private static readonly string[] LocalNetworks = ["127.0.0.0/8", "::1/128"];

    private static readonly object RouteItem = new();

    public static WebApplicationBuilder AddBrokerageObservability(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var options = configuration.ReadBrokerageOptions().Observability;
        var format = options.LogFormat ?? (builder.Environment.IsDevelopment() ? LogFormat.Text : LogFormat.Json);
        builder.Services.AddSerilog(
            (services, logging) =>
            {
                // The same levels are in appsettings.json; they are repeated here so that a deployment
                // without that section still keeps ASP.NET Core's "Request starting" events (which
                // carry the query string) and EF Core's SQL out of the log.
                logging
                    .MinimumLevel.Information()
                    .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
                    .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
                    .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
                    .ReadFrom.Configuration(configuration)
                    .ReadFrom.Services(services)
                    .Enrich.FromLogContext()
                    .Filter.ByExcluding(StartupFailure.IsReportedInOneLine)
                    // Last, so they see every property the enrichers before them added.
                    .Enrich.With(new RequestRouteAsPath(), new PersonalDataMask());
                if (format == LogFormat.Json)
                {
                    logging.WriteTo.Console(new RenderedCompactJsonFormatter());
                }
                else
                {
                    logging.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: CultureInfo.InvariantCulture);
                }
            },
            // Each app has a logger of its own (tests run several at once); the static Log is left alone.
            preserveStaticLogger: true);

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("brokerage"))
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(BrokerageMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddPrometheusExporter();
                // The exporter reads the endpoint, protocol and headers from the standard OTEL_EXPORTER_OTLP_* settings.
                if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
                {
                    metrics.AddOtlpExporter();
                }
            });
        return builder;
    }

    /// <summary>
    /// One event per request: method, route template, status and time taken, and the user's
    /// opaque id. Never the query string, the form body or the user's email.
    /// </summary>
    public static WebApplication UseBrokerageRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(o =>
        {
            // The app's own logger: without it the middleware writes to the static Log.
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            o.IncludeQueryInRequestPath = false;
            o.GetLevel = RequestLevel;
            o.EnrichDiagnosticContext = (diagnostics, context) =>
            {
                diagnostics.Set(RequestRouteAsPath.Property, RouteOf(context));
                if (UserIdOf(context.User) is { } userId)
                {
                    diagnostics.Set("UserId", userId);
                }
            };
        });
        return app;
    }

    /// <summary>
    /// Notes the route the request matched, after routing, before an error page can re-execute
    /// the request under its own route.
    /// </summary>
    public static WebApplication UseBrokerageRouteLogging(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var reExecuted = context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null;
            if (!reExecuted && context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } template })
            {
                context.Items[RouteItem] = "/" + template.TrimStart('/');
            }

            return next(context);
        });
        return app;
    }

    /// <summary>
    /// Aggregates only, but they show volumes and routes: readable from the configured networks
    /// (by default this machine) when the request did not come through a proxy, or by an admin.
    /// </summary>
    public static WebApplication MapBrokerageMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: scrape => scrape.Use(async (context, next) =>
        {
            if (!IsOperator(context))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            await next(context);
        }), optionsName: null).DisableRateLimiting();
        return app;
    }

    /// <summary>
    /// Whether the caller may read how the service is running (/metrics, and the checks behind
    /// /health): a signed-in admin, or a caller on <c>Observability:MetricsAllowedNetworks</c> (by
    /// default this machine) whose request did not come through a proxy.
    /// </summary>
    internal static bool IsOperator(HttpContext context)
    {
        var configured = context.RequestServices.GetRequiredService<IOptions<BrokerageOptions>>().Value.Observability.MetricsAllowedNetworks;
        var networks = (configured ?? LocalNetworks).Select(n => IPNetwork.Parse(n.Trim()));
        if (context.User.IsInRole(Roles.Admin))
        {
            return true;
        }

        // Behind a reverse proxy every caller has the proxy's address, so a forwarded request is
        // never let in on its address alone.
        if (context.Request.Headers.ContainsKey("X-Forwarded-For") || context.Request.Headers.ContainsKey("Forwarded"))
        {
            return false;
        }

        // An unknown address (a test server's, for one) is not a local one.
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return false;
        }

        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return networks.Any(n => n.Contains(address));
    }

    private static LogEventLevel RequestLevel(HttpContext context, double elapsedMilliseconds, Exception? exception)
    {
        var status = context.Response.StatusCode;
        if (exception is not null || status >= 500)
        {
            return LogEventLevel.Error;
        }

        // Static files (served before routing, so with no route), health checks and scrapes would drown the rest.
        var routine = !context.Items.ContainsKey(RouteItem) || context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments(MetricsPath);
        return routine && status < 400 ? LogEventLevel.Debug : LogEventLevel.Information;
    }

    /// <summary>The route template; the path only when no route matched (a static file or an unknown address).</summary>
    private static string RouteOf(HttpContext context) =>
        context.Items[RouteItem] as string ?? context.Request.Path.Value ?? "/";

    /// <summary>The Identity user id (a GUID) or the API client's id: enough to follow one user's requests, meaningless outside Brokerage.</summary>
    private static string? UserIdOf(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? (user.FindFirstValue(ApiKeyAuthenticationHandler.ClientIdClaim) is { } client ? "api-client:" + client : null);
}

/// <summary>
/// Request events name the route template (<c>/requests/{id:int}</c>) rather than the path the
/// caller sent, which for a scheme offer carries the secret token from the emailed link. Other
/// events logged during a request lose the path that ASP.NET Core's logging scope adds: their
/// RequestId ties them to the request event.
/// </summary>
internal sealed class RequestRouteAsPath : ILogEventEnricher
{
    public const string Property = "RequestRoute";
    private const string PathProperty = "RequestPath";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (logEvent.Properties.TryGetValue(Property, out var route))
        {
            logEvent.AddOrUpdateProperty(new LogEventProperty(PathProperty, route));
            logEvent.RemovePropertyIfPresent(Property);
        }
        else
        {
            logEvent.RemovePropertyIfPresent(PathProperty);
        }
    }
}

/// <summary>
/// The second line of defence; the first is that no log call is given personal data. Masks a
/// property whose name says it holds personal data, at any depth of a logged object, and any
/// email address inside a text value (actors and "created by" fields are emails here).
/// </summary>
internal sealed partial class PersonalDataMask : ILogEventEnricher
{
    public const string Masked = "***";

    // Compared with the end of a property's name, ignoring case, so HomePostcode and ReferralEmail are caught
    // too. A bare "Name" is not on the list: framework events use it for event, endpoint and scheme names.
    private static readonly string[] PersonalNameEndings =
    [
        "Email", "EmailAddress", "UserName", "DisplayName", "FirstName", "LastName", "FullName", "ChildName",
        "ChildReference", "DateOfBirth", "Postcode", "PhoneNumber", "Password", "Summary", "Notes", "Conditions",
    ];

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            var masked = Mask(name, value);
            if (!ReferenceEquals(masked, value))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, masked));
            }
        }
    }

    internal static bool IsPersonal(string name) =>
        PersonalNameEndings.Any(ending => name.EndsWith(ending, StringComparison.OrdinalIgnoreCase));

    private static LogEventPropertyValue Mask(string name, LogEventPropertyValue value) => value switch
    {
        _ when IsPersonal(name) => new ScalarValue(Masked),
        ScalarValue { Value: string text } when EmailAddress().IsMatch(text) => new ScalarValue(EmailAddress().Replace(text, Masked)),
        StructureValue structure => new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, Mask(p.Name, p.Value))), structure.TypeTag),
        SequenceValue sequence => new SequenceValue(sequence.Elements.Select(e => Mask("", e))),
        DictionaryValue dictionary => new DictionaryValue(dictionary.Elements.Select(e =>
            KeyValuePair.Create(e.Key, Mask(e.Key.Value as string ?? "", e.Value)))),
        _ => value,
    };

    [GeneratedRegex(@"[^\s@""'<>(),;:]+@[^\s@""'<>(),;:]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailAddress();
}
