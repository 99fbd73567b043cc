using System.Text.RegularExpressions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Connections;

/// <summary>
/// Creates a child alias under one of a connector's four parent aliases, so another profile (another account at the
/// vendor) can have a connection of its own. It serves the parent's processes; admin audit and directory reads add
/// their scopes (where the connector has them).
/// </summary>
public sealed record CreateChildAlias(string Name, string ParentAlias, bool UsesAdminAudit = false, bool UsesScimDirectory = false)
    : ICommand<AliasView>, IAuditedCommand;

public sealed record AliasView(string Name, string? ParentAlias, IReadOnlyList<string> RequiredScopes)
{
    public static AliasView From(ConnectionAlias alias)
    {
        ArgumentNullException.ThrowIfNull(alias);
        return new(alias.Name, alias.ParentAlias?.Name, alias.RequiredScopeList);
    }
}

public sealed partial class CreateChildAliasValidator(ProfileEngineDbContext db, Connectors.VendorConnectors connectors) : IValidator<CreateChildAlias>
{
    public async ValueTask ValidateAsync(CreateChildAlias request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        if (!errors.Required(nameof(request.Name), request.Name))
        {
            if (!NamePattern().IsMatch(request.Name))
            {
                errors.Add(nameof(request.Name), "Name may hold only lower-case letters, digits, '_', '-' and '.', at most 100 characters.");
            }
            else if (await db.ConnectionAliases.AnyAsync(a => a.Name == request.Name, cancellationToken))
            {
                errors.Add(nameof(request.Name), $"An alias named '{request.Name}' already exists.");
            }
        }

        ConnectionAlias? parent = null;
        if (!errors.Required(nameof(request.ParentAlias), request.ParentAlias))
        {
            parent = await db.FindAliasAsync(request.ParentAlias, cancellationToken);
            if (parent is null)
            {
                errors.Add(nameof(request.ParentAlias), $"There is no alias named '{request.ParentAlias}'.");
            }
            else if (!parent.IsParent)
            {
                errors.Add(nameof(request.ParentAlias), $"'{request.ParentAlias}' is itself a child alias; choose one of the four parent aliases.");
                parent = null;
            }
            else if (connectors.OwnerOf(parent) is null)
            {
                errors.Add(nameof(request.ParentAlias), $"No registered connector owns the parent alias '{request.ParentAlias}'.");
                parent = null;
            }
        }

        if (request.UsesAdminAudit && parent is not null && !parent.DownloadActivity)
        {
            errors.Add(nameof(request.UsesAdminAudit), "Admin audit events feed the activity process; choose a parent alias with activity.");
        }
    }

    [GeneratedRegex("^[a-z0-9_.-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}

public sealed class CreateChildAliasHandler(ProfileEngineDbContext db, Connectors.VendorConnectors connectors, TimeProvider timeProvider) : ICommandHandler<CreateChildAlias, AliasView>
{
    public async ValueTask<AliasView> Handle(CreateChildAlias command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parent = await db.FindAliasAsync(command.ParentAlias, cancellationToken)
            ?? throw new InvalidOperationException($"The parent alias '{command.ParentAlias}' disappeared.");
        var child = new ConnectionAlias
        {
            Id = Guid.CreateVersion7(timeProvider.GetUtcNow()),
            Name = command.Name,
            ParentAliasId = parent.Id,
            ParentAlias = parent,
            DownloadActivity = parent.DownloadActivity,
            ReclaimSubscriptions = parent.ReclaimSubscriptions,
            UsesAdminAudit = command.UsesAdminAudit,
            UsesScimDirectory = command.UsesScimDirectory,
            RequiredScopes = connectors.OwnerOfRequired(parent).Aliases.ScopesFor(parent.DownloadActivity, parent.ReclaimSubscriptions, command.UsesAdminAudit, command.UsesScimDirectory),
            CreatedAt = timeProvider.GetUtcNow(),
        };
        db.ConnectionAliases.Add(child);
        await db.SaveChangesAsync(cancellationToken);
        return AliasView.From(child);
    }
}
