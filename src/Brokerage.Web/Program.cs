using Brokerage.Core.Common;
using Brokerage.Web.Api;
using Brokerage.Web.Infrastructure;

return await StartupFailure.RunAsync(async () =>
{
    var appRoot = AppRoot.Find();
    var builder = WebApplication.CreateBuilder(args);
    builder.AddBrokerageConfiguration(appRoot);
    builder.AddBrokerageObservability();
    builder.Host.UseDefaultServiceProvider(o =>
    {
        o.ValidateOnBuild = true;
        o.ValidateScopes = true;
    });

    builder.Services
        .AddBrokerageSettings(builder.Configuration)
        .AddBrokerageData(builder.Configuration, appRoot)
        .AddBrokerageServices(builder.Configuration, appRoot)
        .AddBrokerageIdentity()
        .AddBrokerageWeb()
        .AddBrokerageHardening();

    var app = builder.Build();
    await app.PrepareAsync();

    // Before anything reads the client's address or scheme.
    app.UseBrokerageForwardedHeaders();

    // First, so that each request is one event with its final status, after any error page has re-executed.
    app.UseBrokerageRequestLogging();
    if (!app.Environment.IsDevelopment())
    {
        app.UseHsts();
    }

    // The API answers errors with RFC 7807 problem details; pages with a GOV.UK error page.
    app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api =>
    {
        api.UseExceptionHandler();
        api.UseStatusCodePages();
    });
    var links = app.Services.GetRequiredService<BrokerageLinks>();
    app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), pages =>
    {
        pages.UseExceptionHandler(links.Error());
        pages.UseStatusCodePagesWithReExecute(links.Error() + "/{0}");
    });
    app.UseBrokerageSecurityHeaders();
    app.UseStaticFiles();
    app.UseRouting();
    app.UseBrokerageRouteLogging();
    app.UseAuthentication();
    app.UseBrokerageTwoFactorRequirement();
    app.UseBrokerageApiClientIdentity();
    app.UseRateLimiter();
    app.UseAuthorization();

    app.UseBrokerageJobs();
    app.MapRazorPages();
    app.MapOpenApi("/openapi/{documentName}.json");
    app.MapBrokerageApi();
    app.MapLifeCycleApi();
    app.MapProviderApi();
    app.MapDirectoryApi();
    app.MapBrokerageHealth();
    app.MapBrokerageMetrics();

    await app.RunAsync();
});

/// <summary>Visible to WebApplicationFactory in the test projects.</summary>
public partial class Program;
