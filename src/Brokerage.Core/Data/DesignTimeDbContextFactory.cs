using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Brokerage.Core.Data;

/// <summary>Lets `dotnet ef migrations add` build the SQLite model without starting the web app.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<BrokerageDbContext>
{
    public BrokerageDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<BrokerageDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>
/// The same for PostgreSQL: `dotnet ef migrations add X --context PostgresBrokerageDbContext`.
/// Adding a migration needs no server; the connection string is never opened.
/// </summary>
public sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresBrokerageDbContext>
{
    public PostgresBrokerageDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresBrokerageDbContext>().UseNpgsql("Host=localhost;Database=brokerage_design").Options);
}
