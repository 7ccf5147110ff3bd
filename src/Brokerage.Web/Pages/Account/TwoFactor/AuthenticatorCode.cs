using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Brokerage.Web.Pages.Account.TwoFactor;

/// <summary>The 6-digit code an authenticator app shows, read the way people type it.</summary>
public static class AuthenticatorCode
{
    public const string Incorrect = "The code is not correct. Enter the code your authenticator app shows now";

    /// <summary>Said only to someone who has shown the password, so a guesser cannot tell which accounts exist.</summary>
    public const string Deactivated = "Your account has been deactivated. If you still need it, ask your administrator";

    public const string LockedOut = "Your account is locked after too many failed attempts. Try again in 15 minutes";

    /// <summary>The code without the spaces and dashes apps show in it, or null after adding the field's error.</summary>
    public static string? Read(string? input, ModelStateDictionary modelState, string key)
    {
        var code = string.Concat((input ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-'));
        if (code.Length == 0)
        {
            modelState.AddModelError(key, "Enter the 6-digit code from your authenticator app");
            return null;
        }

        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            modelState.AddModelError(key, "The code must be 6 digits");
            return null;
        }

        return code;
    }
}
