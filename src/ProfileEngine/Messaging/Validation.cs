using Mediator;

namespace ProfileEngine.Messaging;

/// <summary>
/// Checks one request type before its handler runs. Lives in the same file as the request and its handler;
/// every implementation in this assembly is registered by <see cref="MessagingServiceCollectionExtensions"/>.
/// </summary>
public interface IValidator<in TRequest>
{
    ValueTask ValidateAsync(TRequest request, ValidationErrors errors, CancellationToken cancellationToken);
}

/// <summary>Problems found in a request, by field name (the request's property name).</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);

    public bool IsEmpty => _byField.Count == 0;

    public void Add(string field, string message)
    {
        if (!_byField.TryGetValue(field, out var messages))
        {
            messages = [];
            _byField[field] = messages;
        }

        messages.Add(message);
    }

    /// <summary>Adds "<paramref name="field"/> is required." when <paramref name="value"/> is null or blank; true when it was.</summary>
    public bool Required(string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        Add(field, $"{field} is required.");
        return true;
    }

    /// <summary>The paging fields every list request has: Skip not negative, Take between 1 and <paramref name="maxTake"/>.</summary>
    public void Page(int skip, int take, int maxTake = 1000)
    {
        if (skip < 0)
        {
            Add("Skip", "Skip must not be negative.");
        }

        if (take < 1 || take > maxTake)
        {
            Add("Take", $"Take must be between 1 and {maxTake}.");
        }
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _byField.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
}

/// <summary>A request was refused before anything changed; <see cref="Errors"/> names each field and what is wrong.</summary>
public sealed class RequestValidationException : Exception
{
    public RequestValidationException(string requestName, IReadOnlyDictionary<string, string[]> errors)
        : base(Describe(requestName, errors))
    {
        RequestName = requestName;
        Errors = errors;
    }

    public RequestValidationException(string requestName, string field, string message)
        : this(requestName, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] })
    {
    }

    public string RequestName { get; }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    private static string Describe(string requestName, IReadOnlyDictionary<string, string[]> errors) =>
        $"{requestName} was refused: " + string.Join(" ", errors.SelectMany(pair => pair.Value.Select(message => $"{pair.Key}: {message}")));
}

/// <summary>Runs every validator of the request; when one found a problem, the handler never runs.</summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var errors = new ValidationErrors();
        foreach (var validator in validators)
        {
            await validator.ValidateAsync(message, errors, cancellationToken);
        }

        if (!errors.IsEmpty)
        {
            throw new RequestValidationException(typeof(TMessage).Name, errors.ToDictionary());
        }

        return await next(message, cancellationToken);
    }
}
