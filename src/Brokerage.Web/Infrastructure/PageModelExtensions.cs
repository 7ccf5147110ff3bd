using Brokerage.Core.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Brokerage.Web.Infrastructure;

public static class ModelStateExtensions
{
    /// <summary>Shows the domain's field errors beside the page's fields, renaming where a page field differs.</summary>
    public static void AddFieldErrors(this ModelStateDictionary modelState, IEnumerable<FieldError> errors, IReadOnlyDictionary<string, string>? fieldNames = null)
    {
        foreach (var error in errors)
        {
            var key = fieldNames is not null && fieldNames.TryGetValue(error.Field, out var renamed) ? renamed : error.Field;
            modelState.AddModelError(key, error.Message);
        }
    }
}
