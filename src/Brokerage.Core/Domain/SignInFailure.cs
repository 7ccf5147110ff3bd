namespace Brokerage.Core.Domain;

/// <summary>
/// One wrong password, kept for a day so that sign-in can be paused for the address that keeps
/// guessing (<see cref="Identity.SignInThrottle"/>). The email address typed and the caller's
/// address are stored as SHA-256 hashes: not readable at a glance, but an address space or a
/// staff list could be hashed to find them, so the table is as sensitive as the audit trail.
/// </summary>
public class SignInFailure
{
    public long Id { get; set; }

    /// <summary>SHA-256 of the email address as typed, normalised: the same for an account that exists and one that does not.</summary>
    public required string AccountKey { get; set; }

    /// <summary>SHA-256 of the caller's address.</summary>
    public required string AddressKey { get; set; }

    public DateTime FailedAt { get; set; }
}
