using System.Net.Mail;
using System.Text.RegularExpressions;
using Brokerage.Core.Council;
using Brokerage.Core.Identity;
using Brokerage.Core.Notifications;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Infrastructure;

/// <summary>
/// Every options class, bound once from its section and checked as the app starts: a missing or
/// invalid setting stops start-up with one line naming it and where it is set. Composition, which
/// runs before the container exists, reads the Brokerage section through
/// <see cref="ReadBrokerageOptions"/>, bound the same way and checked by the same rules at start.
/// </summary>
public static partial class Settings
{
    public static IServiceCollection AddBrokerageSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<CouncilOptions>(configuration, CouncilOptions.Section, (council, check) =>
        {
            // Every page, email and PDF names the council, so a blank name would show as a gap.
            check.Required("Name", council.Name);
            check.Required("ShortName", council.ShortName);
            check.Required("ServiceName", council.ServiceName);
            check.Required("TeamName", council.TeamName);
            check.That(council.HighCostWeeklyThreshold > 0, "HighCostWeeklyThreshold", "must be a weekly cost in pounds above 0, such as 5000");
        });
        services.AddSettings<EmailOptions>(configuration, EmailOptions.Section, (email, check) =>
        {
            // The sender may carry a display name ("Ambershire Brokerage <brokerage@…>"), as mail clients show it.
            check.Mailbox("From", email.From);
            check.EmailAddress("TeamManagerEmail", email.TeamManagerEmail);
            check.EmailAddress("AssistantDirectorsEmail", email.AssistantDirectorsEmail);
            check.EmailAddress("DirectorEmail", email.DirectorEmail);
            check.That(Uri.TryCreate(email.BaseUrl, UriKind.Absolute, out var baseUrl) && (baseUrl.Scheme == Uri.UriSchemeHttp || baseUrl.Scheme == Uri.UriSchemeHttps), "BaseUrl", "must be the address people open Brokerage at, starting http:// or https://");
            check.That(email.MaxAttempts >= 1, "MaxAttempts", "must be at least 1");
            check.That(email.DeliveryLeaseSeconds >= 1, "DeliveryLeaseSeconds", "must be at least 1");
            check.That(!string.IsNullOrWhiteSpace(email.Smtp.Host) || !string.IsNullOrWhiteSpace(email.PickupDirectory), "PickupDirectory", "is required when no Email:Smtp:Host is set");
            check.That(email.Smtp.Port is >= 1 and <= 65535, "Smtp:Port", "must be a port number from 1 to 65535");
            check.That(email.Smtp.TimeoutSeconds is >= 1 and <= 600, "Smtp:TimeoutSeconds", "must be from 1 to 600 seconds");
            // A claim that ran out mid-conversation would let a second node send the same message.
            check.That(string.IsNullOrWhiteSpace(email.Smtp.Host) || email.DeliveryLeaseSeconds > email.Smtp.TimeoutSeconds, "DeliveryLeaseSeconds", "must be longer than Email:Smtp:TimeoutSeconds when mail goes through an SMTP server");
            check.That(email.HealthOldestWaitingMinutes >= 1, "HealthOldestWaitingMinutes", "must be at least 1");
            check.That(email.HealthBacklog >= 1, "HealthBacklog", "must be at least 1");
        });
        services.AddSettings<BrokerageOptions>(configuration, BrokerageOptions.Section, (brokerage, check) =>
        {
            check.Required("RulesDirectory", brokerage.RulesDirectory);
            check.That(brokerage.DemoHistoryYears >= 0, "DemoHistoryYears", "must be 0 or more");
            check.Schedule("Jobs:DeadlineSweepCron", brokerage.Jobs.DeadlineSweepCron);
            check.Schedule("Jobs:HoldSweepCron", brokerage.Jobs.HoldSweepCron);
            check.Schedule("Jobs:OutboxCron", brokerage.Jobs.OutboxCron);
            check.Schedule("Jobs:PlanningForumDigestCron", brokerage.Jobs.PlanningForumDigestCron);
            check.That(brokerage.Jobs.QueuePollSeconds >= 1, "Jobs:QueuePollSeconds", "must be at least 1");
            check.That(brokerage.Jobs.HealthSweepLateMinutes >= 1, "Jobs:HealthSweepLateMinutes", "must be at least 1");
            // A misspelt role would quietly require nothing of anyone, so it stops start-up instead.
            check.That(brokerage.Security.RequireTwoFactorForRoles.All(Roles.All.Contains), "Security:RequireTwoFactorForRoles", $"may only name the roles {string.Join(", ", Roles.All)}");
            check.That(brokerage.Proxy.KnownProxies.All(p => System.Net.IPAddress.TryParse(p.Trim(), out _)), "Proxy:KnownProxies", "must be addresses like 10.0.0.5");
            check.That(brokerage.Proxy.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n.Trim(), out _)), "Proxy:KnownNetworks", "must be address ranges like 10.0.0.0/24");
            check.That(brokerage.Proxy.ForwardLimit >= 1, "Proxy:ForwardLimit", "must be at least 1");
            var networks = brokerage.Observability.MetricsAllowedNetworks ?? [];
            check.That(networks.All(n => System.Net.IPNetwork.TryParse(n.Trim(), out _)), "Observability:MetricsAllowedNetworks", "must be address ranges like 10.0.0.0/8");
        });
        services.AddSettings<RateLimitOptions>(configuration, RateLimitOptions.Section, (limits, check) =>
        {
            check.That(limits.SignInPerMinute >= 1, "SignInPerMinute", "must be at least 1");
            check.That(limits.ProviderFormsPerMinute >= 1, "ProviderFormsPerMinute", "must be at least 1");
            check.That(limits.ApiPerMinute >= 1, "ApiPerMinute", "must be at least 1");
            check.That(limits.ApiUnauthenticatedPerMinute >= 1, "ApiUnauthenticatedPerMinute", "must be at least 1");
        });
        return services;
    }

    /// <summary>The Brokerage section for composition, before the container (and so IOptions) exists.</summary>
    public static BrokerageOptions ReadBrokerageOptions(this IConfiguration configuration) =>
        Bind(configuration, BrokerageOptions.Section, new BrokerageOptions());

    /// <summary>A setting's failure as one line: what is wrong, and where the setting is set.</summary>
    public static string Problem(string key, string problem) =>
        $"{key} {problem} (appsettings.json or the environment variable {key.Replace(":", "__", StringComparison.Ordinal)})";

    private static void AddSettings<T>(this IServiceCollection services, IConfiguration configuration, string section, Action<T, SettingChecks> checks)
        where T : class, new()
    {
        services.AddOptions<T>().Configure(options => Bind(configuration, section, options)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section, checks));
    }

    /// <summary>A value the binder cannot convert ("eight" for a number) is reported like any other bad setting.</summary>
    private static T Bind<T>(IConfiguration configuration, string section, T options)
        where T : class
    {
        try
        {
            configuration.GetSection(section).Bind(options);
            return options;
        }
        catch (InvalidOperationException ex) when (Unconvertible().Match(ex.Message) is { Success: true } match)
        {
            throw new OptionsValidationException(section, typeof(T), [Problem(match.Groups[2].Value, $"cannot be \"{match.Groups[1].Value}\": it must be {Kind(match.Groups[3].Value)}")]);
        }
    }

    private static string Kind(string typeName)
    {
        var type = Type.GetType(typeName) ?? typeof(Settings).Assembly.GetType(typeName);
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null => "a value of type " + typeName,
            { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(type)),
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(double) || type == typeof(decimal) => "a number",
            _ => "a value of type " + type.Name,
        };
    }

    [GeneratedRegex("^Failed to convert configuration value '(.*)' at '(.+?)' to type '(.+?)'")]
    private static partial Regex Unconvertible();

    private sealed class SectionValidator<T>(string section, Action<T, SettingChecks> checks) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var check = new SettingChecks(section);
            checks(options, check);
            return check.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(check.Failures);
        }
    }

    private sealed class SettingChecks(string section)
    {
        public List<string> Failures { get; } = [];

        public void That(bool ok, string key, string problem)
        {
            if (!ok)
            {
                Failures.Add(Problem(section + ":" + key, problem));
            }
        }

        public void Required(string key, string? value) => That(!string.IsNullOrWhiteSpace(value), key, "is required");

        /// <summary>An address with or without a display name, as a sender may be written.</summary>
        public void Mailbox(string key, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Required(key, value);
                return;
            }

            That(MimeKit.MailboxAddress.TryParse(value, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal), key, "must be an email address, like name@council.gov.uk or Brokerage <name@council.gov.uk>");
        }

        public void EmailAddress(string key, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Required(key, value);
                return;
            }

            That(MailAddress.TryCreate(value, out var address) && address.Address == value.Trim(), key, "must be an email address, like name@council.gov.uk");
        }

        /// <summary>
        /// Hangfire's own parser is the judge of a schedule (it takes seconds too, and macros such
        /// as @daily) and it has no public parse method, so the expression is tried on a throwaway
        /// in-memory job store.
        /// </summary>
        public void Schedule(string key, string? cron)
        {
            try
            {
                using var storage = new Hangfire.InMemory.InMemoryStorage();
                new Hangfire.RecurringJobManager(storage).AddOrUpdate("check", Hangfire.Common.Job.FromExpression(() => Console.Write("")), cron, new Hangfire.RecurringJobOptions());
            }
            catch (ArgumentException)
            {
                That(false, key, $"\"{cron}\" is not a cron expression (minute hour day month weekday, such as */5 * * * *)");
            }
        }
    }
}
