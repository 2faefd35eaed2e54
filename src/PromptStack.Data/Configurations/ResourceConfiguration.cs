using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptStack.Data.Entities;

namespace PromptStack.Data.Configurations;

internal sealed class ResourceConfiguration : IEntityTypeConfiguration<Resource>
{
    public void Configure(EntityTypeBuilder<Resource> builder)
    {
        builder.ToTable("resources");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Kind).HasMaxLength(40);
        builder.Property(r => r.Name).HasMaxLength(40);
        builder.Property(r => r.PhysicalId).HasMaxLength(200);
        builder.Property(r => r.Arn).HasMaxLength(400);
        // Lowercase rather than the convention's enum name: the rows written before the enum hold "ready", not "Ready".
        builder.Property(r => r.Status).HasMaxLength(20)
            .HasConversion(s => s.ToString().ToLowerInvariant(), s => Enum.Parse<ResourceStatus>(s, true));
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.HasIndex(r => new { r.ProjectId, r.Name }).IsUnique();
        builder.HasIndex(r => r.PhysicalId);
    }
}
