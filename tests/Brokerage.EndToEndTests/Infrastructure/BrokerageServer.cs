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
/// with a SQLite file and mail folder of its own (deleted when it is disposed) and the demo data,
/// with its three years of history, seeded. The clock is the
/// system clock: the browser and the server must agree on what "today" is. Background
/// delivery is off so that no job changes the data under the browser.
/// </summary>
public sealed class BrokerageServer : WebApplicationFactory<Program>
{
    private readonly TempFolder _folder = new("e2e");

    public BrokerageServer()
    {
        // Port 0 lets the OS choose, so classes and parallel runs never fight over a port.
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public string Directory => _folder.Path;

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
        var settings = TestAppSettings.For($"Data Source={_folder.Combine("brokerage.db")}", _folder.Combine("mail"));
        // The report pages are checked with the demo's years of history to show, as a council first sees them.
        settings.Remove("Brokerage:DemoHistoryYears");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public async Task<T> WithDbAsync<T>(Func<BrokerageDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<BrokerageDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }
}
