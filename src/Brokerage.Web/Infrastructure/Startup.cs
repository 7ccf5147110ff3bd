using Brokerage.Core.ApiClients;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Demo;
using Brokerage.Core.Identity;
using Brokerage.Core.Rules;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Infrastructure;

public static class Startup
{
    public const string DemoPassword = "Brokerage-demo-2026";
    public const string DemoApiKey = "brk_demo_case_management_key_0001";

    /// <summary>A demo key for one provider's own system (Brightwater Fostering): vacancies only.</summary>
    public const string DemoProviderApiKey = "brk_demo_provider_brightwater_0001";

    public static readonly IReadOnlyList<(string Email, string Name, string Role)> DemoStaff =
    [
        ("broker@ambershire.example", "Sam Broker", Roles.Broker),
        ("broker2@ambershire.example", "Alex Second-Broker", Roles.Broker),
        ("ad@ambershire.example", "Jo Assistant-Director", Roles.AssistantDirector),
        ("commissioner@ambershire.example", "Priya Commissioner", Roles.Commissioner),
        ("admin@ambershire.example", "Chris Admin", Roles.Admin),
    ];

    /// <summary>
    /// Checks the settings and loads and checks the rule files (a bad setting or a broken file
    /// stops start-up here, before the database is touched, naming the setting, or the file, rule
    /// and reason), migrates the database and, where allowed, seeds the demo.
    /// </summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        var rules = app.Services.GetRequiredService<RuleSetSource>().Current;
        app.Logger.LogInformation("Rules loaded, version {RulesVersion}", rules.Version);
        var allocation = app.Services.GetRequiredService<Brokerage.Core.Allocation.AllocationModels>();
        app.Logger.LogInformation("{Count} allocation models loaded", allocation.All.Count);

        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<BrokerageDbContext>();
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging: pages keep reading while a provider's answer is written, instead
            // of waiting for the whole file. The setting stays with the database file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        if (!string.IsNullOrWhiteSpace(services.GetRequiredService<IOptions<BrokerageOptions>>().Value.Security.KeyCertificate.Path))
        {
            await RevokeUnencryptedKeysAsync(app, db, services.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager>());
        }

        // The scheme's authorities come from rules/vacancy-scheme.json; their rota order lives in the database.
        await services.GetRequiredService<Brokerage.Core.Vacancies.SchemeService>().SyncAuthoritiesAsync();

        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var options = services.GetRequiredService<IOptions<BrokerageOptions>>().Value;
        if (options.FirstAdmin.Email is { Length: > 0 } firstAdmin
            && await services.GetRequiredService<PeopleService>().InviteFirstAdminAsync(firstAdmin, options.FirstAdmin.Name))
        {
            // The address stays out of the log: it is personal data, and the admins' page shows it.
            app.Logger.LogInformation("Invited the first admin named in Brokerage:FirstAdmin; their link works for {Days} days", PeopleService.InvitationLifetime.Days);
        }

        if (services.GetRequiredService<DemoMode>().IsOn)
        {
            await SeedDemoAsync(services, db);
            await DemoData.SeedHistoryAsync(db, services.GetRequiredService<RuleSet>(), services.GetRequiredService<TimeProvider>(), options.DemoHistoryYears);
            app.Lifetime.ApplicationStarted.Register(() => PrintDemoLogins(app));
        }
    }

    /// <summary>
    /// Keys stored before a certificate was configured are in the database in the clear, and Data
    /// Protection never encrypts a key again: whoever has a copy of the database could keep signing
    /// cookies with them. They are revoked, so a new, encrypted key takes over at once (everyone signs
    /// in again). Idempotent, so every node may do it as it starts.
    /// </summary>
    private static async Task RevokeUnencryptedKeysAsync(WebApplication app, BrokerageDbContext db, Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager keys)
    {
        var stored = await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync();
        var unencrypted = stored
            .Select(xml => xml is null ? null : System.Xml.Linq.XElement.Parse(xml))
            .Where(element => element is { Name.LocalName: "key" } && !element.Descendants().Any(d => d.Name.LocalName == "encryptedSecret"))
            .Select(element => Guid.Parse(element!.Attribute("id")!.Value))
            .ToHashSet();
        var revoked = keys.GetAllKeys().Where(k => k.IsRevoked).Select(k => k.KeyId).ToHashSet();
        unencrypted.ExceptWith(revoked);
        foreach (var keyId in unencrypted)
        {
            keys.RevokeKey(keyId, "Stored unencrypted before Brokerage:Security:KeyCertificate was configured");
        }

        if (unencrypted.Count > 0)
        {
            app.Logger.LogWarning("Revoked {Count} data-protection keys stored before key encryption was configured; everyone signs in again", unencrypted.Count);
        }
    }

    private static async Task SeedDemoAsync(IServiceProvider services, BrokerageDbContext db)
    {
        await DemoData.SeedAsync(db, services.GetRequiredService<RuleSet>(), services.GetRequiredService<TimeProvider>());
        await services.GetRequiredService<Brokerage.Core.Allocation.AllocationService>().SeedIllustrativeAsync();
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        foreach (var (email, name, role) in DemoStaff)
        {
            await EnsureUserAsync(users, email, name, role, null);
        }

        // Every provider organisation gets a login at the address its referrals go to, as its own
        // admin, who can invite colleagues.
        foreach (var provider in await db.Providers.AsNoTracking().OrderBy(p => p.Id).ToListAsync())
        {
            await EnsureUserAsync(users, provider.ReferralEmail, provider.Name, Roles.Provider, provider.Id, Roles.ProviderAdmin);
        }

        var clients = services.GetRequiredService<ApiClientService>();
        if (await clients.AuthenticateAsync(DemoApiKey) is null)
        {
            await clients.AddAsync("Demo case-management system", DemoApiKey, "demo-seed");
        }

        if (await clients.AuthenticateAsync(DemoProviderApiKey) is null && await db.Providers.FirstOrDefaultAsync(p => p.Name == "Brightwater Fostering") is { } brightwater)
        {
            await clients.AddAsync("Brightwater Fostering vacancy system (demo)", DemoProviderApiKey, "demo-seed", brightwater.Id);
        }
    }

    private static async Task EnsureUserAsync(UserManager<ApplicationUser> users, string email, string name, string role, int? providerId, params string[] moreRoles)
    {
        if (await users.FindByEmailAsync(email) is not null)
        {
            return;
        }

        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, ProviderId = providerId };
        var result = await users.CreateAsync(user, DemoPassword);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Could not create demo user: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }

        await users.AddToRolesAsync(user, [role, .. moreRoles]);
    }

    private static void PrintDemoLogins(WebApplication app)
    {
        var lines = new List<string>
        {
            "",
            "Brokerage is running with fictional demo data at " + string.Join(", ", app.Urls),
            $"Demo logins (password for all: {DemoPassword}):",
        };
        var links = app.Services.GetRequiredService<BrokerageLinks>();
        lines.AddRange(DemoStaff.Select(s => $"  {s.Role,-18} {s.Email}"));
        lines.Add($"  Provider           each provider's referral address, e.g. referrals@inhouse.ambershire.example; an admin sees them all at {links.AdminUsers()}");
        lines.Add($"Sign in at {string.Join(", ", app.Urls.Select(url => url.TrimEnd('/') + links.SignIn()))}");
        lines.Add($"Demo API key (X-Api-Key header): {DemoApiKey}");
        lines.Add($"Demo provider API key, vacancies only: {DemoProviderApiKey}");
        lines.Add("");
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
