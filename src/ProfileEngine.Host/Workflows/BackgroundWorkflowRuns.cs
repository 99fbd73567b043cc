using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Host.Workflows;

/// <summary>
/// Web requests never run a workflow themselves: what a request starts, resumes or retries is committed and handed to
/// this node's dispatcher, and the request returns. A closed tab or a vendor's Retry-After then holds no request, and
/// a node that stops leaves the instance to recovery instead of half-run on a dead connection.
/// </summary>
public static class BackgroundWorkflowRuns
{
    public static IApplicationBuilder UseBackgroundWorkflowRuns(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            using (WorkflowDispatch.InBackground())
            {
                await next(context);
            }
        });
}
