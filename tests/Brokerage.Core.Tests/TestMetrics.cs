using System.Diagnostics.Metrics;
using Brokerage.Core.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Core.Tests;

/// <summary>Metrics for services built by hand, from a meter factory of the test's own that nothing exports.</summary>
public static class TestMetrics
{
    public static BrokerageMetrics Create() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
}
