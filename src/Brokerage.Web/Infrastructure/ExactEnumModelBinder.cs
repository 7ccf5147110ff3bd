using Brokerage.Core.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Brokerage.Web.Infrastructure;

/// <summary>
/// Binds a form's enum field (or each item of a list of them) only from the option's exact name,
/// as the radios and checkboxes send it. ASP.NET Core's own binder would also take "1" or
/// "Female, Male" and map them to some value; here they are no answer, so the page's own rule
/// ("Select the child's gender") applies.
/// </summary>
public sealed class ExactEnumModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
        return type.IsEnum ? new ExactEnumModelBinder(type) : null;
    }

    private sealed class ExactEnumModelBinder(Type enumType) : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
            if (value == ValueProviderResult.None)
            {
                return Task.CompletedTask;
            }

            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value);
            if (EnumNames.TryParse(enumType, value.FirstValue, out var parsed))
            {
                bindingContext.Result = ModelBindingResult.Success(parsed);
            }
            else if (!string.IsNullOrEmpty(value.FirstValue))
            {
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, "Select one of the options");
            }

            return Task.CompletedTask;
        }
    }
}
