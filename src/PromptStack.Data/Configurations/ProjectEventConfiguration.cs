using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptStack.Data.Entities;

namespace PromptStack.Data.Configurations;

internal sealed class ProjectEventConfiguration : IEntityTypeConfiguration<ProjectEvent>
{
    public void Configure(EntityTypeBuilder<ProjectEvent> builder)
    {
        builder.ToTable("project_events");
        builder.HasKey(e => e.Seq);
        builder.Property(e => e.Seq).ValueGeneratedOnAdd();
        builder.Property(e => e.Level).HasMaxLength(10);
        builder.Property(e => e.Operation).HasMaxLength(20);
        builder.Property(e => e.Message).HasMaxLength(2000);
        builder.HasIndex(e => new { e.ProjectId, e.Seq });
        builder.HasOne<Project>().WithMany().HasForeignKey(e => e.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
