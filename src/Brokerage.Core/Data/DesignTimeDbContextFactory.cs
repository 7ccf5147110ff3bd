using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Brokerage.Core.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the web app.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<BrokerageDbContext>
{
    public BrokerageDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<BrokerageDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
