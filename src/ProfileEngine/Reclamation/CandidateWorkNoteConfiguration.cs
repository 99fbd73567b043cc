using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProfileEngine.Reclamation;

/// <summary>How <see cref="CandidateWorkNote"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class CandidateWorkNoteConfiguration : IEntityTypeConfiguration<CandidateWorkNote>
{
    public void Configure(EntityTypeBuilder<CandidateWorkNote> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("CandidateWorkNotes");
        builder.Property(n => n.Author).HasMaxLength(200);
        builder.Property(n => n.Action).HasMaxLength(50);
        builder.Property(n => n.FromState).HasConversion<string>().HasMaxLength(30);
        builder.Property(n => n.ToState).HasConversion<string>().HasMaxLength(30);
        builder.Property(n => n.Text).HasMaxLength(4000);
        builder.HasIndex(n => new { n.CandidateId, n.Id });
    }
}
