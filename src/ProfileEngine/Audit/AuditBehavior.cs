using Mediator;
using ProfileEngine.Messaging;

namespace ProfileEngine.Audit;

/// <summary>A command that changes audited records; its type name becomes the audit row's action.</summary>
public interface IAuditedCommand : IMessage;

/// <summary>Opens an <see cref="AuditScope"/> (operator, command name, time) around an audited command's handler.</summary>
public sealed class AuditBehavior<TMessage, TResponse>(CurrentOperator currentOperator, TimeProvider timeProvider) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IAuditedCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        using (AuditScope.Begin(new AuditScope(currentOperator.Name, typeof(TMessage).Name, timeProvider.GetUtcNow())))
        {
            return await next(message, cancellationToken);
        }
    }
}
