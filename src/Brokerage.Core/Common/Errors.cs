namespace Brokerage.Core.Common;

/// <summary>A field and the message to show beside it, in GOV.UK wording.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>Input that breaks a rule of the domain; nothing has been written.</summary>
public sealed class ValidationFailedException(IReadOnlyList<FieldError> errors)
    : Exception(string.Join("; ", errors.Select(e => e.Field + ": " + e.Message)))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;

    public static ValidationFailedException For(string field, string message) => new([new FieldError(field, message)]);
}

/// <summary>The thing asked for does not exist, or the caller may not know that it does.</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The action no longer fits the current state, usually because someone else acted first.</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>The caller may see this but may not do it, for example deciding on a request they raised themselves.</summary>
public sealed class ForbiddenException(string message) : Exception(message);
