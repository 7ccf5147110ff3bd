using System.Text.Json;
using Brokerage.Core.Common;

namespace Brokerage.Web.Api;

/// <summary>A body the API cannot read at all (not JSON, wrong shape).</summary>
public sealed class BadBodyException(string message) : Exception(message);

/// <summary>Turns the domain's exceptions into RFC 7807 problem details with field errors.</summary>
public sealed class DomainExceptionFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ValidationFailedException ex)
        {
            var errors = ex.Errors
                .GroupBy(e => JsonNamingPolicy.CamelCase.ConvertName(e.Field))
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
            return TypedResults.ValidationProblem(errors, title: "The request is not valid");
        }
        catch (BadBodyException ex)
        {
            return TypedResults.Problem(statusCode: 400, title: "The request body cannot be read", detail: ex.Message);
        }
        catch (NotFoundException ex)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: ex.Message);
        }
        catch (ForbiddenException ex)
        {
            return TypedResults.Problem(statusCode: 403, title: "Forbidden", detail: ex.Message);
        }
        catch (ConflictException ex)
        {
            return TypedResults.Problem(statusCode: 409, title: "Conflict", detail: ex.Message);
        }
    }
}
