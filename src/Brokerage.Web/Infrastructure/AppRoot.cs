namespace Brokerage.Web.Infrastructure;

/// <summary>
/// The folder holding appsettings.json and rules/. In the repository that is the top level,
/// whichever folder the app is started from; a deployment can point BROKERAGE_ROOT at it.
/// </summary>
public static class AppRoot
{
    public static string Find()
    {
        var configured = Environment.GetEnvironmentVariable("BROKERAGE_ROOT");
        if (!string.IsNullOrEmpty(configured))
        {
            return Path.GetFullPath(configured);
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "appsettings.json")) && Directory.Exists(Path.Combine(dir.FullName, "rules")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new Microsoft.Extensions.Options.OptionsValidationException("BROKERAGE_ROOT", typeof(AppRoot), ["cannot find the Brokerage folder holding appsettings.json and rules/ above " + Directory.GetCurrentDirectory() + ": set the environment variable BROKERAGE_ROOT to it"]);
    }
}
