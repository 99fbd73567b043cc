using Microsoft.Extensions.Options;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace ProfileEngine.Templates;

/// <summary>
/// Renders the Scriban templates of the templates folder. Sandboxed: the template sees only the plain values passed
/// in (no .NET objects, no <c>include</c>), unknown variables are errors, and loops and recursion are bounded.
/// A template that does not parse or render fails with a <see cref="TemplateException"/> naming the file and place.
/// </summary>
public sealed class TemplateRenderer(IOptions<TemplateOptions> options)
{
    /// <summary>The job-name template: <c>display_name</c> and <c>process</c> (Subscriptions or Activity).</summary>
    public const string ScheduledJobName = "scheduled-job-name.sbn";

    public string Folder
    {
        get
        {
            var configured = options.Value.Folder;
            if (Path.IsPathRooted(configured))
            {
                return configured;
            }

            var fromWorkingDirectory = Path.GetFullPath(configured);
            return Directory.Exists(fromWorkingDirectory) ? fromWorkingDirectory : Path.Combine(AppContext.BaseDirectory, configured);
        }
    }

    /// <summary>Renders <paramref name="templateName"/> with <paramref name="values"/> (snake_case names as in the template).</summary>
    public async Task<string> RenderAsync(string templateName, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(templateName);
        ArgumentNullException.ThrowIfNull(values);
        var path = Path.Combine(Folder, templateName);
        if (!File.Exists(path))
        {
            throw new TemplateException($"The template {templateName} is missing from {Folder} (configure {TemplateOptions.Section}:Folder).");
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var template = Template.Parse(text, templateName);
        if (template.HasErrors)
        {
            throw new TemplateException($"The template {templateName} does not parse: {string.Join("; ", template.Messages.Select(m => m.ToString()))}");
        }

        var globals = new ScriptObject();
        foreach (var (name, value) in values)
        {
            globals.Add(name, value);
        }

        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            LoopLimit = 1000,
            RecursiveLimit = 20,
            LimitToString = 10_000,
            TemplateLoader = null,
        };
        context.PushGlobal(globals);
        try
        {
            return await template.RenderAsync(context);
        }
        catch (ScriptRuntimeException e)
        {
            throw new TemplateException($"The template {templateName} failed to render: {e.Message}", e);
        }
    }
}

/// <summary>A template is missing, does not parse or failed to render; the message names the file and the place.</summary>
public sealed class TemplateException : Exception
{
    public TemplateException(string message)
        : base(message)
    {
    }

    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
