using System.Net;
using Brokerage.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.EndToEndTests.Infrastructure;

/// <summary>
/// The real app on Kestrel, listening on a free loopback port so that Chromium can reach it,
/// with a SQLite file and mail folder of its own and the demo data seeded. The clock is the
/// system clock: the browser and the server must agree on what "today" is. Background
/// delivery is off so that no job changes the data under the browser.
/// </summary>
public sealed class BrokerageServer : WebApplicationFactory<Program>
{
    public BrokerageServer()
    {
        Directory = Path.Combine(Path.GetTempPath(), "brokerage-e2e", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);

        // Port 0 lets the OS choose, so classes and parallel runs never fight over a port.
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public string Directory { get; }

    /// <summary>The address the server is listening on, such as http://127.0.0.1:41234.</summary>
    public Uri RootUri { get; private set; } = null!;

    public void Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        RootUri = new Uri(addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal)));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Brokerage", $"Data Source={Path.Combine(Directory, "brokerage.db")}");
        builder.UseSetting("Email:PickupDirectory", Path.Combine(Directory, "mail"));
        builder.UseSetting("Brokerage:RunJobs", "false");
        // Tests sign in and post far faster than people; the limits have tests of their own.
        builder.UseSetting("Brokerage:RateLimits:SignInPerMinute", "100000");
        builder.UseSetting("Brokerage:RateLimits:ProviderFormsPerMinute", "100000");
        builder.UseSetting("Brokerage:RateLimits:ApiPerMinute", "100000");
        builder.UseSetting("Brokerage:DemoData", "true");
    }

    public async Task<T> WithDbAsync<T>(Func<BrokerageDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<BrokerageDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
