namespace Brokerage.Web.Tests.Infrastructure;

/// <summary>
/// One app for the test classes in this collection, which xunit runs one after another on it: a
/// class joins (<c>[Collection(SharedApp.Name)]</c>, taking a <see cref="BrokerageWebFactory"/>) only
/// if its tests read, or write records no other test reads (a request with a child reference of its
/// own), leave the demo users as they found them (no lockout, no two-factor sign-in), change no
/// setting, rule file or scheme order that another test relies on, and never move the clock.
/// A class that needs any of those makes an app of its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedApp : ICollectionFixture<BrokerageWebFactory>
{
    public const string Name = "Shared app";
}
