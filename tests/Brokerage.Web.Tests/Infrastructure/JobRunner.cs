using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Web.Tests.Infrastructure;

public static class JobRunner
{
    /// <summary>Runs a job the way Hangfire does: resolved in a scope of its own.</summary>
    public static async Task<TResult> RunAsync<TJob, TResult>(this BrokerageWebFactory factory, Func<TJob, Task<TResult>> run)
        where TJob : notnull
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await run(scope.ServiceProvider.GetRequiredService<TJob>());
    }
}
