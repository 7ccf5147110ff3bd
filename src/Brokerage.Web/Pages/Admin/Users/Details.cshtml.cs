using Brokerage.Core.Common;
using Brokerage.Core.Identity;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Admin.Users;

/// <summary>One user's sign-in, with the two things an admin may do about it: reset two-factor sign-in and end a lockout.</summary>
public class DetailsModel(UserAdministrationService accounts, UserManager<ApplicationUser> users, TwoFactorPolicy policy) : PageModel
{
    public UserAccount Account { get; private set; } = null!;

    /// <summary>The admin is looking at their own account, which they manage at /account/two-factor instead.</summary>
    public bool IsOwnAccount { get; private set; }

    /// <summary>The user's role that requires two-factor sign-in, in words ("assistant director"), or null.</summary>
    public string? RequiredByRole { get; private set; }

    [BindProperty]
    public bool RequestChecked { get; set; }

    [BindProperty]
    public bool AttemptsChecked { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostResetTwoFactorAsync(string id, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        try
        {
            var account = await accounts.ResetTwoFactorAsync(new ResetTwoFactorOptions(id, RequestChecked, users.GetUserId(User)!, User.Actor()), cancellationToken);
            TempData["Success"] = policy.RoleRequiring(account.Roles) is not null
                ? $"Two-factor sign-in reset for {account.Name}. They will be asked to set it up again when they next sign in with their password"
                : $"Two-factor sign-in reset for {account.Name}. They can now sign in with their password alone, and set it up again at Two-factor sign-in";
            return RedirectToPage(new { id });
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ValidationFailedException ex)
        {
            ModelState.AddFieldErrors(ex.Errors);
        }
        catch (ForbiddenException ex)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            ModelState.AddModelError("", ex.Message);
        }
        catch (ConflictException ex)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            ModelState.AddModelError("", ex.Message);
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostUnlockAsync(string id, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        try
        {
            var account = await accounts.UnlockAsync(new UnlockAccountOptions(id, AttemptsChecked, User.Actor()), cancellationToken);
            TempData["Success"] = $"Account unlocked. {account.Name} can sign in again";
            return RedirectToPage(new { id });
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ValidationFailedException ex)
        {
            ModelState.AddFieldErrors(ex.Errors);
        }
        catch (ConflictException ex)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            ModelState.AddModelError("", ex.Message);
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        if (await accounts.FindAsync(id, cancellationToken) is not { } account)
        {
            return false;
        }

        Account = account;
        IsOwnAccount = account.Id == users.GetUserId(User);
        RequiredByRole = policy.RoleRequiring(account.Roles) is { } role ? Display.Sentence(role).ToLowerInvariant() : null;
        return true;
    }
}
