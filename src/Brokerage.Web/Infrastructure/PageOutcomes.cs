using Brokerage.Core.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Infrastructure;

/// <summary>
/// A page that shows records from the database. <see cref="LoadAsync"/> runs before any
/// handler (GET or POST, after model binding), so a handler never loads or checks for "not
/// found", and a page re-rendered with errors still has everything it shows.
/// </summary>
public interface IPageWithState
{
    /// <summary>
    /// Loads what the page shows, from route values and bound properties. Throws
    /// <see cref="NotFoundException"/> when the record does not exist (or the user may not know
    /// it does): the user then sees the 404 page. It sets only what the page displays, never a
    /// property the form posts, so that it can run again after a conflict without losing what
    /// was typed.
    /// </summary>
    Task LoadAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A page whose form fields are named differently from the fields of the Core options record
/// it fills, so that a domain error is shown beside the right box.
/// </summary>
public interface IPageWithFieldNames
{
    /// <summary>The page's ModelState key for one of the domain's field names.</summary>
    string FieldKey(string domainField);
}

/// <summary>
/// The one place where the domain's outcomes become page responses, for every Razor page:
/// <list type="bullet">
/// <item><see cref="NotFoundException"/>: the 404 page;</item>
/// <item><see cref="ValidationFailedException"/>: the page again, its fields' errors in the GOV.UK error summary, 400;</item>
/// <item><see cref="ConflictException"/>: the page again, reloaded to show what changed, with the message in the summary, 409;</item>
/// <item><see cref="ForbiddenException"/>: the page again with the reason in the summary, 403.</item>
/// </list>
/// A page rendered from a form post with errors in ModelState is a 400 however it got there.
/// A handler therefore reads: check the form, call the service, set the success message, redirect.
/// </summary>
public sealed class PageOutcomeFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var cancellationToken = context.HttpContext.RequestAborted;
        var stateful = context.HandlerInstance as IPageWithState;
        if (stateful is not null)
        {
            try
            {
                await stateful.LoadAsync(cancellationToken);
            }
            catch (NotFoundException)
            {
                context.Result = new NotFoundResult();
                return;
            }
            catch (ForbiddenException)
            {
                context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
                return;
            }
        }

        var executed = await next();
        var modelState = context.ModelState;
        var response = context.HttpContext.Response;
        if (executed.Exception is { } exception && !executed.ExceptionHandled)
        {
            var status = exception switch
            {
                NotFoundException => StatusCodes.Status404NotFound,
                ValidationFailedException => StatusCodes.Status400BadRequest,
                ConflictException => StatusCodes.Status409Conflict,
                ForbiddenException => StatusCodes.Status403Forbidden,
                _ => 0,
            };
            if (status == 0)
            {
                return;
            }

            executed.ExceptionHandled = true;
            if (status == StatusCodes.Status404NotFound)
            {
                executed.Result = new NotFoundResult();
                return;
            }

            if (exception is ValidationFailedException validation)
            {
                var names = context.HandlerInstance as IPageWithFieldNames;
                foreach (var error in validation.Errors)
                {
                    modelState.AddModelError(names?.FieldKey(error.Field) ?? error.Field, error.Message);
                }
            }
            else
            {
                modelState.AddModelError("", exception.Message);
            }

            if (exception is ConflictException && stateful is not null)
            {
                // Someone else acted first: show the page as it is now, so the user sees why.
                try
                {
                    await stateful.LoadAsync(cancellationToken);
                }
                catch (NotFoundException)
                {
                    executed.Result = new NotFoundResult();
                    return;
                }
            }

            response.StatusCode = status;
            executed.Result = new PageResult();
            return;
        }

        if (executed.Result is PageResult && modelState.ErrorCount > 0 && response.StatusCode == StatusCodes.Status200OK
            && !HttpMethods.IsGet(context.HttpContext.Request.Method))
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }
}

public static class PageModelExtensions
{
    /// <summary>TempData's key for the success banner the next page shows once (Shared/_SuccessBanner).</summary>
    public const string SuccessKey = "Success";

    /// <summary>The message the next page shows in a green success banner.</summary>
    public static void Success(this PageModel page, string message) => page.TempData[SuccessKey] = message;
}
