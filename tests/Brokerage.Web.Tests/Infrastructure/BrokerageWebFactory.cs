using Brokerage.Core.Data;
using Brokerage.Core.Notifications;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;

namespace Brokerage.Web.Tests.Infrastructure;

/// <summary>
/// The real app on a real database of its own — a SQLite file, or a PostgreSQL database when
/// <see cref="TestDatabase.PostgresVariable"/> names a server — with demo data, a fake clock
/// and the outbox writing .eml files to a folder of its own. Background delivery is off so
/// tests run the delivery job when they choose. The folder, and the PostgreSQL database, go
/// when the factory is disposed.
/// </summary>
public sealed class BrokerageWebFactory : WebApplicationFactory<Program>
{
    /// <summary>A Friday morning in term time, so tests read naturally against the calendar.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The folder this factory made, and deletes; none for a factory over a caller's folder.</summary>
    private readonly TempFolder? _folder;

    public BrokerageWebFactory()
        : this(new TempFolder("web"))
    {
    }

    private BrokerageWebFactory(TempFolder folder)
        : this(folder.Path, startsFromSeeded: true)
    {
        _folder = folder;
    }

    private BrokerageWebFactory(string directory, bool startsFromSeeded)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(Directory);
        _startsFromSeeded = startsFromSeeded;
        if (_startsFromSeeded)
        {
            // Made here rather than when the host is built, so that it is never built inside another host's start-up.
            _ = SeededDatabase.Value;
        }
    }

    /// <summary>An app over an existing folder: a second factory on the same folder is the app after a restart. The caller deletes the folder.</summary>
    public static BrokerageWebFactory Over(string directory, FakeTimeProvider time, IReadOnlyDictionary<string, string>? settings = null) =>
        new(directory, startsFromSeeded: true) { Time = time, Settings = settings ?? new Dictionary<string, string>() };

    private readonly bool _startsFromSeeded;

    public string Directory { get; }
    public string MailDirectory => Path.Combine(Directory, "mail");
    public FakeTimeProvider Time { get; init; } = new(Start);

    /// <summary>The database is named after the folder, so a factory over the same folder finds it again.</summary>
    public string ConnectionString => TestDatabase.ConnectionString(Directory);

    /// <summary>Rule files to use instead of the repository's, for tests that change them.</summary>
    public string? RulesDirectory { get; init; }

    /// <summary>Configuration applied over the test defaults, for tests about a setting.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The hosting environment: Development unless a test is about what Production does differently (HSTS).</summary>
    public string Environment { get; init; } = "Development";

    /// <summary>A sink that receives every log event the app writes, after the app's own enrichers and masks.</summary>
    public ILogEventSink? LogSink { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in TestAppSettings.For(ConnectionString, MailDirectory).Concat(Settings))
        {
            builder.UseSetting(key, value);
        }

        if (RulesDirectory is not null)
        {
            builder.UseSetting("Brokerage:RulesDirectory", RulesDirectory);
        }

        // Migrating and seeding the demo (45 logins, each with a slow password hash) is most of an
        // app's start-up; a new app starts from a copy of a database seeded at the same moment instead.
        // Start-up still runs in full: it finds the migrations applied and the demo seeded.
        if (_startsFromSeeded && Time.GetUtcNow() == Start && !TestDatabase.Exists(Directory))
        {
            TestDatabase.CreateFromSeed(SeededDatabase.Value, Directory);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            if (LogSink is not null)
            {
                services.AddSingleton(LogSink);
            }
        });
    }

    public async Task<T> WithDbAsync<T>(Func<BrokerageDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<BrokerageDbContext>());
    }

    public async Task<int> DeliverOutboxAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxDeliveryJob>().ExecuteAsync(CancellationToken.None);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (_folder is null)
        {
            return;
        }

        TestDatabase.Drop(Directory);
        _folder.Dispose();
    }

    /// <summary>
    /// A database migrated and seeded by the app at <see cref="Start"/>, made once per test run and
    /// dropped, with its folder, when the run ends.
    /// </summary>
    private static readonly Lazy<string> SeededDatabase = new(() =>
    {
        var folder = new TempFolder("web-seeded");
        var seeding = folder.Combine("app");
        using (var app = new BrokerageWebFactory(seeding, startsFromSeeded: false))
        {
            _ = app.Services;
        }

        // The seed is a copy of the seeding app's file (SQLite) or its database itself (PostgreSQL).
        var seed = TestDatabase.MakeSeed(seeding, folder.Combine("seeded.db"));
        TempFolder.Delete(seeding);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            folder.Dispose();
            TestDatabase.Drop(seeding);
        };
        return seed;
    });
}
