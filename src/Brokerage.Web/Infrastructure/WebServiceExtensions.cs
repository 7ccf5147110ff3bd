using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Brokerage.Core;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Identity;
using Brokerage.Core.Notifications;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Infrastructure;

public static class WebServiceExtensions
{
    public static WebApplicationBuilder AddBrokerageConfiguration(this WebApplicationBuilder builder, string appRoot)
    {
        // The top-level appsettings.json is the one users edit; environment files sit beside it.
        // They go before environment variables and the command line so that those still override them.
        var files = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(appRoot);
        var sources = builder.Configuration.Sources;
        var index = sources.ToList().FindIndex(s => s is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource);
        index = index < 0 ? sources.Count : index;
        sources.Insert(index, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { FileProvider = files, Path = "appsettings.json", Optional = false });
        sources.Insert(index + 1, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { FileProvider = files, Path = $"appsettings.{builder.Environment.EnvironmentName}.json", Optional = true });
        return builder;
    }

    /// <summary>
    /// SQLite by default; a PostgreSQL connection string (one with a Host) switches the model,
    /// its migrations and the job storage to PostgreSQL. Data-protection keys live in the
    /// database either way, so that any web node can read a cookie another node wrote.
    /// </summary>
    public static IServiceCollection AddBrokerageData(this IServiceCollection services, IConfiguration configuration, string appRoot)
    {
        var database = BrokerageDatabase.From(configuration, appRoot);
        services.AddSingleton(database);
        // Sensitive data logging stays off everywhere: it would put children's details from SQL parameters into the log.
        if (database.IsPostgres)
        {
            services.AddDbContext<BrokerageDbContext, PostgresBrokerageDbContext>(o => o.UseNpgsql(database.ConnectionString).EnableSensitiveDataLogging(false));
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource)!);
            services.AddDbContext<BrokerageDbContext>(o => o.UseSqlite(database.ConnectionString).AddInterceptors(new SqliteBusyTimeout()).EnableSensitiveDataLogging(false));
        }

        var dataProtection = services.AddDataProtection()
            .SetApplicationName("Brokerage")
            .PersistKeysToDbContext<BrokerageDbContext>();
        var certificate = configuration.ReadBrokerageOptions().Security.KeyCertificate;
        if (!string.IsNullOrWhiteSpace(certificate.Path))
        {
            // Keys are then stored encrypted: someone who can read the database (a backup, a replica)
            // still cannot forge a sign-in cookie or read a protected value.
            var current = LoadKeyCertificate(appRoot, certificate.Path, certificate.Password, "Path");
            var previous = certificate.Previous.Select((file, i) => LoadKeyCertificate(appRoot, file.Path, file.Password, $"Previous:{i}:Path"));
            dataProtection.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([current, .. previous]);
        }

        return services;
    }

    private static X509Certificate2 LoadKeyCertificate(string appRoot, string? path, string? password, string setting)
    {
        var name = $"{BrokerageOptions.Section}:Security:KeyCertificate:{setting}";
        var file = Path.Combine(appRoot, path ?? "");
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(file))
        {
            throw BadCertificate(name, $"names a certificate file that does not exist: {file}");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(file, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw BadCertificate(name, $"names {file}, which could not be read as a PKCS#12 certificate with the password given ({exception.Message.TrimEnd('.')})");
        }

        // Data Protection encrypts keys with the certificate's RSA key and decrypts with its private half.
        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is null)
        {
            throw BadCertificate(name, $"names {file}, which holds no RSA private key, so it can neither encrypt the keys nor read them back");
        }

        return certificate;
    }

    private static OptionsValidationException BadCertificate(string setting, string problem) =>
        new(setting, typeof(KeyCertificateOptions), [Settings.Problem(setting, problem)]);

    public static IServiceCollection AddBrokerageServices(this IServiceCollection services, IConfiguration configuration, string appRoot)
    {
        var options = configuration.ReadBrokerageOptions();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DemoMode>();
        var rulesDirectory = Path.Combine(appRoot, options.RulesDirectory);
        services.AddSingleton(new RulesLocation(rulesDirectory));
        services.AddBrokerageCore(rulesDirectory);
        services.AddSingleton<IEmailSender>(sp =>
        {
            var email = sp.GetRequiredService<IOptions<EmailOptions>>().Value;
            return string.IsNullOrWhiteSpace(email.Smtp.Host)
                ? new PickupDirectoryEmailSender(Path.Combine(appRoot, email.PickupDirectory))
                : new SmtpEmailSender(email.Smtp);
        });
        services.AddBrokerageJobs(options, BrokerageDatabase.From(configuration, appRoot));
        return services;
    }

    public static IServiceCollection AddBrokerageIdentity(this IServiceCollection services)
    {
        services.AddIdentity<ApplicationUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = true;
                // User names are email addresses, which the people service checks; Identity's own
                // list of characters would refuse real ones, such as o'brien@example.org.uk.
                o.User.AllowedUserNameCharacters = "";
                o.Tokens.AuthenticatorTokenProvider = OneTimeAuthenticatorTokenProvider.Name;
            })
            .AddEntityFrameworkStores<BrokerageDbContext>()
            .AddSignInManager<BrokerageSignInManager>()
            .AddClaimsPrincipalFactory<BrokerageClaimsFactory>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<OneTimeAuthenticatorTokenProvider>(OneTimeAuthenticatorTokenProvider.Name);
        services.AddScoped<TwoFactorService>();
        services.AddScoped<UserAdministrationService>();
        services.AddScoped<PeopleService>();
        services.AddScoped<SignInThrottle>();
        services.AddSingleton<TwoFactorPolicy>();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<BrokerageLinks>((o, links) =>
        {
            o.LoginPath = links.SignIn();
            o.LogoutPath = links.SignOut();
            o.AccessDeniedPath = links.AccessDenied();
        });
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "brokerage.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // HTTPS-only cookies wherever the app is served over HTTPS; local runs and tests use plain HTTP.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = Sessions.ValidateAsync;
        });
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Broker, p => p.RequireRole(Roles.Broker))
            .AddPolicy(Policies.CouncilStaff, p => p.RequireRole(Roles.Broker, Roles.AssistantDirector, Roles.Commissioner, Roles.Admin))
            .AddPolicy(Policies.Provider, p => p.RequireRole(Roles.Provider).RequireClaim(BrokerageClaims.ProviderId))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Commissioner, p => p.RequireRole(Roles.Commissioner))
            .AddPolicy(Policies.Reporting, p => p.RequireRole(Roles.Commissioner, Roles.AssistantDirector, Roles.Admin))
            // A council system's key; a provider's key can reach only its own vacancies.
            .AddPolicy(Policies.ApiClient, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireAssertion(c => !c.User.HasClaim(x => x.Type == BrokerageClaims.ProviderId)))
            .AddPolicy(Policies.ProviderApiClient, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireClaim(BrokerageClaims.ProviderId));
        return services;
    }

    public static IServiceCollection AddBrokerageWeb(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            o.Conventions.ConfigureFilter(new PageOutcomeFilter());
            o.Conventions.AuthorizeFolder("/Requests", Policies.Broker);
            o.Conventions.AuthorizeFolder("/Provider", Policies.Provider);
            o.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
            o.Conventions.AuthorizeFolder("/Directory", Policies.Commissioner);
            // The directory's forms add a record at one address and change it at another, with one page each.
            o.Conventions.AddPageRoute("/Directory/Providers/Edit", "directory/providers/new");
            o.Conventions.AddPageRoute("/Directory/Settings/Edit", "directory/providers/{providerId:int}/settings/new");
            o.Conventions.AddPageRoute("/Directory/Contracts/Edit", "directory/settings/{settingId:int}/contracts/new");
            o.Conventions.AddPageRoute("/Directory/Lots/Edit", "directory/lots/new");
            o.Conventions.AuthorizeFolder("/Reports", Policies.CouncilStaff);
            // Council staff may read approvals; deciding and reviewing check for an assistant director.
            o.Conventions.AuthorizeFolder("/Approvals", Policies.CouncilStaff);
            o.Conventions.AuthorizeFolder("/Vacancies", Policies.Broker);
            o.Conventions.AuthorizeFolder("/Placements", Policies.CouncilStaff);
            o.Conventions.AuthorizeFolder("/Reports/Sufficiency", Policies.Reporting);
            o.Conventions.AuthorizeFolder("/Allocation", Policies.Reporting);
            // Partner authorities answer scheme offers through the secret link emailed to them.
            o.Conventions.AllowAnonymousToFolder("/Scheme");
        }).AddMvcOptions(o => o.ModelBinderProviders.Insert(0, new ExactEnumModelBinderProvider()));
        services.AddProblemDetails();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Brokerage API";
            document.Info.Description = "Hand placement requests over from a case-management system, run matching and send referrals, then follow the request and its placement through their life: change or withdraw a request, chase or withdraw a referral, record arrival, did-not-start, endings, moves and cost changes. Authenticate with an API key in the X-Api-Key header.";
            return Task.CompletedTask;
        }));
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o =>
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        return services;
    }
}

/// <summary>Where the rule files live, for the admin pages that replace them.</summary>
public sealed record RulesLocation(string Directory);

public static class Policies
{
    public const string Broker = nameof(Broker);
    public const string CouncilStaff = nameof(CouncilStaff);
    public const string Provider = nameof(Provider);
    public const string Admin = nameof(Admin);

    /// <summary>Commissioners: the directory of providers, settings and contracts.</summary>
    public const string Commissioner = nameof(Commissioner);

    /// <summary>Commissioners, assistant directors and admins: the sufficiency reports and allocation models.</summary>
    public const string Reporting = nameof(Reporting);
    public const string ApiClient = nameof(ApiClient);
    public const string ProviderApiClient = nameof(ProviderApiClient);
}
