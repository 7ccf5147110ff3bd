using System.Reflection;
using Brokerage.Core.Rules;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using Serilog.Events;

namespace Brokerage.Web.Infrastructure;

/// <summary>
/// A bad setting, a broken rule file or an address already in use ends start-up with one line on
/// stderr naming the cause, and exit code 1: whoever started Brokerage has something to fix, not
/// a stack trace to read. Any other exception is a fault in Brokerage and keeps its stack trace.
/// </summary>
public static class StartupFailure
{
    public const string Prefix = "Brokerage could not start: ";

    public static async Task<int> RunAsync(Func<Task> app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            await app();
            return 0;
        }
        catch (Exception ex) when (RunsAsItsOwnProcess && Describe(ex) is { } cause)
        {
            await Console.Error.WriteLineAsync(Prefix + cause);
            return 1;
        }
    }

    /// <summary>The cause in one line, when the exception is one that a person starting the app can fix.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException options => string.Join("; ", options.Failures),
        RuleFileException rules => rules.Message,
        // Kestrel's own words name the address: "Failed to bind to address http://127.0.0.1:5080: address already in use."
        IOException { InnerException: AddressInUseException } bind => bind.Message,
        AggregateException many when many.InnerExceptions.Count > 0 && many.InnerExceptions.All(e => Describe(e) is not null) =>
            string.Join("; ", many.InnerExceptions.Select(Describe)),
        _ => null,
    };

    /// <summary>The host logs a failure to start with its stack trace; the one line says it instead.</summary>
    public static bool IsReportedInOneLine(LogEvent logEvent) =>
        RunsAsItsOwnProcess
        && logEvent is { Exception: { } exception, Properties: var properties }
        && properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: "Microsoft.Extensions.Hosting.Internal.Host" }
        && Describe(exception) is not null;

    /// <summary>WebApplicationFactory and dotnet-ef run Program inside a process of their own, and need the exception itself.</summary>
    private static bool RunsAsItsOwnProcess => Assembly.GetEntryAssembly() == typeof(StartupFailure).Assembly;
}
