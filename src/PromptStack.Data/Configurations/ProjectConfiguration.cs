using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptStack.Data.Entities;

namespace PromptStack.Data.Configurations;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.ToTable("projects");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Name).HasMaxLength(40);
        builder.Property(p => p.Prompt).HasMaxLength(4000);
        builder.Property(p => p.Template).HasMaxLength(40);
        builder.Property(p => p.InfrastructureError).HasMaxLength(2000);
        builder.Property(p => p.ApplicationError).HasMaxLength(2000);
        builder.Property(p => p.LeaseOwner).HasMaxLength(100);

        // The engine's writes are fenced by the lease they hold: an update of a tracked project matches only while
        // its epoch is the one its claim set (see ProjectWriter). Claims themselves are conditional ExecuteUpdates.
        builder.Property(p => p.LeaseEpoch).IsConcurrencyToken();
        builder.HasIndex(p => new { p.OwnerId, p.Name }).IsUnique();
        builder.Property(p => p.DestroyReason).HasMaxLength(20);
        builder.HasIndex(p => p.ExpiresAt);
        builder.HasIndex(p => p.ResyncAt);
        builder.HasIndex(p => new { p.Generation, p.ReconciledGeneration });
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Resources).WithOne().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
