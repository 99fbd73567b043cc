using System.Globalization;
using System.Text.Encodings.Web;
using Mediator;
using ProfileEngine.Host.Api;
using ProfileEngine.Notifications;

namespace ProfileEngine.Host.Reclamation;

/// <summary>
/// The license holder's page behind the Keep/Remove links of a notice: no sign-in (the sealed, single-use token is the
/// credential, so no antiforgery cookie either), one question, plain HTML that works on a phone and without JavaScript.
/// </summary>
public static class HolderAnswerEndpoints
{
    public static IEndpointRouteBuilder MapHolderAnswerPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(HolderNoticeLinks.AnswerPath + "{token}", async (string token, string? answer, ISender sender, CancellationToken ct) =>
        {
            var notice = await sender.Send(new GetHolderNotice(token), ct);
            return Page(notice.Status == NoticeStatus.Open ? Question(token, notice, answer) : Outcome(notice));
        }).AllowAnonymous();

        app.MapPost(HolderNoticeLinks.AnswerPath + "{token}", async (string token, HttpRequest request, ISender sender, CancellationToken ct) =>
        {
            var chosen = request.HasFormContentType ? (await request.ReadFormAsync(ct))["answer"].ToString() : null;
            if (!Enum.TryParse<HolderAnswer>(chosen, ignoreCase: false, out var answer))
            {
                return Page(Outcome(new HolderNoticeView(NoticeStatus.Invalid, "Please choose Keep or Remove.")), StatusCodes.Status400BadRequest);
            }

            // The holder reads HTML, not the API's problem details: a refusal is this page with the engine's message.
            try
            {
                return Page(Outcome(await sender.Send(new AnswerHolderNotice(token, answer), ct)));
            }
            catch (Exception e) when (EngineProblems.Describe(e) is { Status: < StatusCodes.Status500InternalServerError } refused)
            {
                return Page(Outcome(new HolderNoticeView(NoticeStatus.Open, refused.Detail)), refused.Status);
            }
        }).DisableAntiforgery().AllowAnonymous();
        return app;
    }

    private static string Question(string token, HolderNoticeView notice, string? preselected)
    {
        var encoder = HtmlEncoder.Default;
        var deadline = notice.Deadline?.UtcDateTime.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var action = encoder.Encode(HolderNoticeLinks.AnswerPath + token);
        string Button(string value, string label) =>
            $"<button name=\"answer\" value=\"{value}\"{(string.Equals(preselected, value, StringComparison.OrdinalIgnoreCase) ? " autofocus" : "")}>{label}</button>";
        return $"""
            <h1>Do you still need your {encoder.Encode(notice.Product ?? "license")} license?</h1>
            <p>Hello {encoder.Encode(notice.DisplayName ?? "")}, it has not been used for a while. Without an answer by {encoder.Encode(deadline ?? "the deadline")} it is removed.</p>
            <form method="post" action="{action}">
              {Button("Keep", "Yes, keep it")}
              {Button("Remove", "No, remove it")}
            </form>
            <p class="note">Keeping it goes to a reviewer. Removing it leaves your other licenses and free features as they are.</p>
            """;
    }

    private static string Outcome(HolderNoticeView notice) =>
        $"<h1>{(notice.Status == NoticeStatus.Recorded ? "Thank you" : "Nothing to answer")}</h1><p>{HtmlEncoder.Default.Encode(notice.Message)}</p>";

    private static IResult Page(string body, int status = StatusCodes.Status200OK) => Results.Content(
        $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Your license</title>
        <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
        button{display:block;width:100%;margin:.5rem 0;padding:.9rem;font-size:1.1rem;border-radius:.4rem;border:1px solid #555;background:#fff}
        button[value=Keep]{background:#0a5;color:#fff;border-color:#0a5}.note{color:#555;font-size:.9rem}</style></head>
        <body>{{body}}</body></html>
        """,
        "text/html; charset=utf-8",
        statusCode: status);
}
