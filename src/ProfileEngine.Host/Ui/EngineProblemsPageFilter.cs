using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using ProfileEngine.Host.Api;

namespace ProfileEngine.Host.Ui;

/// <summary>
/// What the engine refuses while a page runs its handler becomes the page's errors, by the keys
/// <see cref="EngineProblems"/> gives (the request's fields, "Action", the vendor's name, "Template"), and the page is
/// shown again with its data reloaded (<see cref="UiPage.ShowAgainAsync"/>). A record that is missing when a page is
/// read (GET) is a 404 instead. Any other exception is left to fail as the server's error.
/// </summary>
public sealed class EngineProblemsPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var executed = await next();
        if (executed.Exception is not { } exception || executed.ExceptionHandled
            || executed.HandlerInstance is not UiPage page || EngineProblems.Describe(exception) is not { } problem)
        {
            return;
        }

        var method = context.HttpContext.Request.Method;
        if (problem.Status == StatusCodes.Status404NotFound && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)))
        {
            executed.Result = new NotFoundResult();
            executed.ExceptionHandled = true;
            return;
        }

        foreach (var (key, messages) in problem.Errors)
        {
            foreach (var message in messages)
            {
                page.ModelState.AddModelError(key, problem.PageAdvice is { } advice ? $"{message} {advice}" : message);
            }
        }

        executed.Result = await ShowAgainAsync(page);
        executed.ExceptionHandled = true;
    }

    private static async Task<IActionResult> ShowAgainAsync(UiPage page)
    {
        try
        {
            return await page.ShowAgainAsync();
        }
        catch (Exception e) when (EngineProblems.Describe(e) is { Status: StatusCodes.Status404NotFound })
        {
            // The record the form was about is gone (deleted meanwhile, or never there).
            return new NotFoundResult();
        }
    }
}
